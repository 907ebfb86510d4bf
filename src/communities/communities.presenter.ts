/** The shapes in which communities, charters, spaces and members leave the server. */
import type { Charter } from "../db/schema.ts";
import type { CrisisResource } from "../shared/condition-content.ts";
import type { MembershipFacts } from "./communities.policy.ts";
import type { CommunityRow, SpaceRow } from "./communities.repo.ts";
import { presentPersona, type PersonaRow, type PersonaView } from "../personas/persona.presenter.ts";
import { audienceMessage, forWhomMessage } from "../shared/audience.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";

export type SpaceView = {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: SpaceRow["visibility"];
  audience: string;
  /** Anyone, search engines included, can read it: pages show the public-space warning. */
  readableByAnyone: boolean;
  /** For a clinicians' network space: the patient community it supports. */
  pairedCommunity?: { slug: string; name: string };
};

/**
 * A space the viewer cannot read, listed so they know it exists and who it is for
 * (ADR 0032): its name and audience only, never its description or its threads. Only
 * spaces of a community the viewer can see are listed at all.
 */
export type LockedSpaceView = {
  slug: string;
  name: string;
  visibility: SpaceRow["visibility"];
  /** Who it is for, in a few words: "Verified clinicians only". */
  forWhom: string;
  audience: string;
  /** Renaming and deleting it: the community's owners and moderators, who may not read it. */
  can: { manage: boolean };
};

/** What the viewer may do in the community; pages read this instead of asking the policy. */
export type CommunityCan = {
  /** Run it: edit the charter, add, rename and delete spaces, decide on requests to join. */
  manage: boolean;
  /** Join, or ask to join (signed in, not yet a member or applicant, and allowed to). */
  join: boolean;
  /** For each audience a new space may have: whether the viewer could read such a space here. */
  readSpaceFor: Record<SpaceRow["visibility"], boolean>;
};

/** A clinicians' network space that supports a patient community (the "dumbbell"). */
export type PairedClinicianSpaceView = { community: { slug: string; name: string }; space: { slug: string; name: string }; audience: string };

export type CommunityView = {
  id: string;
  slug: string;
  name: string;
  purpose: string;
  visibility: CommunityRow["visibility"];
  joinPolicy: CommunityRow["join_policy"];
  isDemo: boolean;
  /** "clinician_network" for the server's clinicians' network. */
  kind: CommunityRow["kind"];
  charter: Charter;
  memberCount?: number;
  myMembership: { role: string; status: string } | null;
  spaces?: SpaceView[];
  /** The community's other spaces, which the viewer cannot read: listed with a lock and who they are for. */
  lockedSpaces?: LockedSpaceView[];
  /** "Who runs it" and "Who can see it" of the honest-broker panel, from the real settings. */
  trust?: { whoRuns: string; whoCanSee: string };
  /** What the viewer may do; set on a single community (not in lists). */
  can?: CommunityCan;
  /** Spaces of the clinicians' network paired with this community; only verified clinicians can read them. */
  pairedClinicianSpaces?: PairedClinicianSpaceView[];
  /** Who runs the community: its owners and moderators, by their personal persona. */
  stewards?: { persona: PersonaView; role: string }[];
  createdAt: string;
  updatedAt: string;
};

/** Says plainly who can read what is written in a space. */
export function audienceOf(community: Pick<CommunityRow, "name" | "visibility">, space: Pick<SpaceRow, "visibility">): string {
  return english().say(audienceMessage({ community: community.name, visibility: space.visibility, readableByAnyone: readableByAnyone(community, space) }));
}

/** Who a locked space is for, in a few words (English, for the API; pages say forWhomMessage in the reader's language). */
export function forWhomOf(community: Pick<CommunityRow, "visibility">, space: Pick<SpaceRow, "visibility">): string {
  return english().say(forWhomMessage({ visibility: space.visibility, readableByAnyone: readableByAnyone(community, space) }));
}

/**
 * Whether anyone at all, search engines included, can read the space: pages then warn
 * beside the composer not to use a full name or town.
 */
export function readableByAnyone(community: Pick<CommunityRow, "visibility">, space: Pick<SpaceRow, "visibility">): boolean {
  return community.visibility === "public" && space.visibility === "public";
}

export function presentLockedSpace(community: Pick<CommunityRow, "name" | "visibility">, space: SpaceRow, manage: boolean): LockedSpaceView {
  return {
    slug: space.slug,
    name: space.name,
    visibility: space.visibility,
    forWhom: forWhomOf(community, space),
    audience: audienceOf(community, space),
    can: { manage },
  };
}

/** The honest-broker panel's "Who runs it" and "Who can see it", written from the community's settings. */
export function trustWords(
  community: Pick<CommunityRow, "name" | "visibility" | "join_policy" | "kind">,
  stewards: { role: string; persona: PersonaView }[],
  t: Translator = english(),
): { whoRuns: string; whoCanSee: string } {
  const owners = stewards.filter((s) => s.role === "owner").map((s) => s.persona.displayName);
  const moderators = stewards.filter((s) => s.role === "moderator").map((s) => s.persona.displayName);
  const parts = [
    owners.length ? t.text("trust.owners", { names: t.list(owners), count: owners.length }) : "",
    moderators.length ? t.text("trust.moderators", { names: t.list(moderators), count: moderators.length }) : "",
  ].filter(Boolean);
  const whoRuns = parts.length === 0 ? t.text("trust.nobody") : t.text("trust.whoRuns", { parts: parts.join("; ") });
  const network = community.kind === "clinician_network";
  const seeing = t.text(
    { public: network ? "trust.seeingNetwork" : "trust.seeingPublic", members: "trust.seeingMembers", hidden: "trust.seeingHidden" }[community.visibility],
  );
  const joining = t.text(network ? "trust.joiningNetwork" : community.join_policy === "approval" ? "trust.joiningApproval" : "trust.joiningOpen");
  return { whoRuns, whoCanSee: `${seeing} ${joining}` };
}

export function presentSpace(community: Pick<CommunityRow, "name" | "visibility">, space: SpaceRow): SpaceView {
  return {
    id: space.id,
    slug: space.slug,
    name: space.name,
    description: space.description,
    visibility: space.visibility,
    audience: audienceOf(community, space),
    readableByAnyone: readableByAnyone(community, space),
    ...(space.paired_slug && space.paired_name ? { pairedCommunity: { slug: space.paired_slug, name: space.paired_name } } : {}),
  };
}

/** The paired spaces for a patient community's view; nothing when there are none. */
export function presentPairedSpaces(
  rows: { space_slug: string; space_name: string; community_slug: string; community_name: string }[],
): { pairedClinicianSpaces?: PairedClinicianSpaceView[] } {
  if (rows.length === 0) return {};
  return {
    pairedClinicianSpaces: rows.map((r) => ({
      community: { slug: r.community_slug, name: r.community_name },
      space: { slug: r.space_slug, name: r.space_name },
      audience: audienceOf({ name: r.community_name, visibility: "public" }, { visibility: "clinicians" }),
    })),
  };
}

export type StewardRow = { role: string; persona_id: string } & Omit<PersonaRow, "id">;

export function presentCommunity(
  row: CommunityRow & { member_count?: number },
  membership: MembershipFacts,
  spaces?: SpaceRow[],
  stewards?: StewardRow[],
  detail?: { lockedSpaces: LockedSpaceView[]; can: CommunityCan },
): CommunityView {
  const stewardViews = stewards?.map((s) => ({ role: s.role, persona: presentPersona({ ...s, id: s.persona_id }) }));
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    purpose: row.purpose,
    visibility: row.visibility,
    joinPolicy: row.join_policy,
    isDemo: row.is_demo,
    kind: row.kind,
    charter: row.charter,
    ...(row.member_count !== undefined ? { memberCount: Number(row.member_count) } : {}),
    myMembership: membership ? { role: membership.role, status: membership.status } : null,
    ...(spaces ? { spaces: spaces.map((s) => presentSpace(row, s)) } : {}),
    ...(stewardViews ? { stewards: stewardViews, trust: trustWords(row, stewardViews) } : {}),
    ...(detail ? { lockedSpaces: detail.lockedSpaces, can: detail.can } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** `message`: what an applicant wrote with a request to join (only managers list requests). */
export type MemberView = { persona: PersonaView; role: string; status: string; since: string; message?: string };

export function presentMember(
  row: { role: string; status: string; created_at: Date; persona_id: string; request_message?: string | null } & Omit<PersonaRow, "id">,
): MemberView {
  return {
    persona: presentPersona({ ...row, id: row.persona_id }),
    role: row.role,
    status: row.status,
    since: row.created_at.toISOString().slice(0, 10),
    ...(row.status === "pending" && row.request_message ? { message: row.request_message } : {}),
  };
}

/** A community's crisis support, from its charter (ADR 39): the help page and the notice after a post in crisis. */
export type CrisisHelpView = { community: { slug: string; name: string }; dangerNow: string | null; resources: CrisisResource[] };

export function presentCrisisHelp(community: Pick<CommunityRow, "slug" | "name" | "charter">): CrisisHelpView {
  return { community: { slug: community.slug, name: community.name }, dangerNow: community.charter.dangerNow ?? null, resources: community.charter.crisisResources ?? [] };
}
