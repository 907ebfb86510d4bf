/**
 * The clinicians' network as the communities feature keeps it: founding it (the
 * community, its first charter revision, the founder as owner and its first space for
 * verified clinicians, in one transaction; only one network can exist, a unique index,
 * so a second founder gets `onExisting()`), and pairing its spaces with patient communities.
 */
import type { Db } from "../db/connection.ts";
import type { Charter } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import { conflict, invalid } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { newId } from "../shared/ids.ts";
import type { SignedInViewer } from "../shared/viewer.ts";
import * as repo from "./communities.repo.ts";

export type NetworkDefinition = { slug: string; name: string; purpose: string; charter: Charter; firstSpace: { slug: string; name: string; description: string } };

export async function foundNetwork(db: Db, events: EventBus, founder: SignedInViewer, network: NetworkDefinition, onExisting: () => Error): Promise<void> {
  const id = newId();
  try {
    await db.transaction().execute(async (trx) => {
      if (await repo.findClinicianNetwork(trx)) throw onExisting();
      if (await repo.findCommunityBySlug(trx, network.slug)) {
        throw conflict("slug_taken", msg("error.community.networkSlugTaken", { slug: network.slug }));
      }
      await repo.insertCommunity(trx, {
        id,
        slug: network.slug,
        name: network.name,
        purpose: network.purpose,
        visibility: "public",
        join_policy: "open",
        charter: network.charter,
        kind: "clinician_network",
      });
      await repo.insertCharterRevision(trx, { id: newId(), community_id: id, editor_account_id: founder.accountId, snapshot: network.charter });
      await repo.insertMembership(trx, { community_id: id, account_id: founder.accountId, role: "owner", status: "member" });
      await repo.insertSpace(trx, { id: newId(), community_id: id, ...network.firstSpace, visibility: "clinicians", position: 0 });
      await events.publish(trx, { type: "community.created", communityId: id });
    });
  } catch (error) {
    // Two administrators at once: the unique index lets only one network exist.
    if ((error as { code?: string }).code === "23505") throw onExisting();
    throw error;
  }
}

/**
 * The patient community a clinicians' network space supports: only the network's
 * spaces pair, and only with a community anyone can find (never a hidden one, whose
 * name would then show in the network).
 */
export async function pairedCommunityFor(db: Db, community: repo.CommunityRow, slug: string): Promise<repo.CommunityRow> {
  if (community.kind !== "clinician_network") {
    throw invalid("pairedCommunity", msg("problem.space.networkPairOnly"));
  }
  const paired = await repo.findCommunityBySlug(db, slug.trim());
  if (!paired || paired.visibility === "hidden" || paired.kind !== "community") {
    throw invalid("pairedCommunity", msg("problem.space.pairedUnknown"));
  }
  return paired;
}
