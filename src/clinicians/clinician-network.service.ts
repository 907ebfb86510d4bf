/**
 * The clinicians' network: one community per server, a community of practice for
 * verified clinicians from every community on it. A host turns the possibility on
 * (HEARTH_CLINICIAN_NETWORK=1) and an administrator starts it once. Its charter and
 * honest-broker panel are public like any public community's; the rules that make it
 * a network (only verified clinicians join, every space is for verified clinicians,
 * spaces can be paired with a patient community) live with the communities' policy.
 */
import type { Db } from "../db/connection.ts";
import type { Charter } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { CommunityView } from "../communities/communities.presenter.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { AppError, conflict, forbidden, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";

export const NETWORK_SLUG = "clinicians-network";
export const NETWORK_NAME = "Clinicians' network";

const NETWORK_PURPOSE =
  "A place for verified clinicians from every community on this server to learn from each other, ask colleagues, " +
  "and support patient communities without being overwhelmed. Anyone can read this page; only verified clinicians can join and read its spaces.";

/** A first charter the network's owners are expected to make their own. */
const NETWORK_CHARTER: Charter = {
  conditions: [],
  rules: [
    "Only verified clinicians take part here. Keep patients' details out: nothing that could identify a person.",
    "Speak as a colleague. Disagree about the evidence, never about the person.",
    "What is said here stays here: it is never shared with a patient community without the writer's word.",
  ],
  funding: "The host of this server runs it, at no cost to clinicians. The network's owners should say here who pays for the server.",
  businessModel: "None: no adverts, no paid places, no sponsors.",
  dataUse: "Posts stay on this server and are read only by verified clinicians. Nothing is sold or shared.",
  conflictsOfInterest: "None declared yet. Owners and moderators should list any here, such as an employer or a company they advise.",
};

export type NetworkStatus = {
  /** Whether the host has turned the possibility on. */
  enabled: boolean;
  /** The network, once an administrator has started it. */
  network: { slug: string; name: string } | null;
};

export class ClinicianNetworkService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly communities: CommunitiesService,
    private readonly enabled: boolean,
  ) {}

  async status(): Promise<NetworkStatus> {
    return { enabled: this.enabled, network: await this.communities.clinicianNetwork() };
  }

  /**
   * Starts the network (administrators, once). The administrator becomes its first
   * owner, to add spaces and hand it to clinician moderators; like everyone else, they
   * read its spaces only while they are a verified clinician themselves.
   */
  async enable(viewer: Viewer): Promise<CommunityView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!viewer.isAdmin) throw forbidden(msg("error.clinicianNetwork.administratorsOnly"));
    requireSecondFactorFor(viewer);
    if (!this.enabled) {
      throw new AppError(
        "clinician_network_off",
        404,
        msg("error.clinicianNetwork.off"),
      );
    }
    await this.communities.foundClinicianNetwork(
      viewer,
      {
        slug: NETWORK_SLUG,
        name: NETWORK_NAME,
        purpose: NETWORK_PURPOSE,
        charter: NETWORK_CHARTER,
        firstSpace: { slug: "general", name: "General", description: "Anything you want to talk over with colleagues." },
      },
      networkExists,
    );
    return this.communities.get(viewer, NETWORK_SLUG);
  }
}

function networkExists() {
  return conflict("clinician_network_exists", msg("error.clinicianNetwork.exists", { path: `/c/${NETWORK_SLUG}` }));
}
