/**
 * Managing a community's spaces: adding, renaming and deleting them. Only the community's
 * owners and moderators, with a second factor; the service is the door and passes in how
 * it reads the viewer's access, so the visibility rule stays written once.
 */
import type { Db } from "../db/connection.ts";
import type { SpaceVisibility } from "../db/schema.ts";
import { checkAll, conflict, forbidden, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { msg, type Said } from "../shared/i18n/message.ts";
import { newId } from "../shared/ids.ts";
import { LIMITS } from "../shared/limits.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { normaliseName } from "../shared/text.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as policy from "./communities.policy.ts";
import { presentSpace, type SpaceView } from "./communities.presenter.ts";
import * as repo from "./communities.repo.ts";
import { checkSlug, spaceDescription } from "./community-input.ts";
import { pairedCommunityFor } from "./network.ts";

/** `pairedCommunity`: for a clinicians' network space, the slug of the patient community it supports. */
export type SpaceInput = { slug: string; name: string; description?: string; visibility: SpaceVisibility; pairedCommunity?: string };

/** The community as the viewer may see it, with their membership; a 404 when hidden from them. */
export type AccessOf = (viewer: Viewer, slug: string, db: Db) => Promise<{ community: repo.CommunityRow; membership: policy.MembershipFacts }>;

const spaceName = (name: string) => normaliseName("name", name, { max: LIMITS.spaceName, empty: msg("problem.empty") });

export async function createSpace(db: Db, accessOf: AccessOf, viewer: Viewer, slug: string, input: SpaceInput): Promise<SpaceView> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  const { name, description } = checkAll({
    slug: () => checkSlug(input.slug, "slug"),
    name: () => spaceName(input.name),
    description: () => spaceDescription(input.description),
  });
  return db.transaction().execute(async (trx) => {
    const { community, membership } = await accessOf(viewer, slug, trx);
    if (!policy.canManageCommunity(membership)) throw forbidden(msg("error.space.addManagersOnly"));
    requireSecondFactorFor(viewer);
    if (!policy.allowsSpaceVisibility(community, input.visibility)) {
      throw invalid("visibility", msg("problem.space.networkCliniciansOnly"));
    }
    const paired = input.pairedCommunity === undefined ? null : await pairedCommunityFor(trx, community, input.pairedCommunity);
    if (await repo.findSpace(trx, community.id, input.slug)) {
      throw conflict("slug_taken", msg("error.space.slugTaken"), "slug");
    }
    const row = {
      id: newId(),
      community_id: community.id,
      slug: input.slug,
      name,
      description,
      visibility: input.visibility,
      position: await repo.nextSpacePosition(trx, community.id),
      paired_community_id: paired?.id ?? null,
    };
    await repo.insertSpace(trx, row);
    return presentSpace(community, { ...row, created_at: new Date(), paired_slug: paired?.slug ?? null, paired_name: paired?.name ?? null });
  });
}

export async function updateSpace(
  db: Db,
  accessOf: AccessOf,
  viewer: Viewer,
  slug: string,
  spaceSlug: string,
  input: { name?: string; description?: string },
): Promise<void> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  const patch = checkAll({
    name: () => (input.name === undefined ? undefined : spaceName(input.name)),
    description: () => (input.description === undefined ? undefined : spaceDescription(input.description)),
  });
  await db.transaction().execute(async (trx) => {
    const space = await managedSpace(trx, accessOf, viewer, slug, spaceSlug, msg("error.space.renameManagersOnly"));
    await repo.updateSpace(trx, space.id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
    });
  });
}

export async function deleteSpace(db: Db, accessOf: AccessOf, viewer: Viewer, slug: string, spaceSlug: string): Promise<void> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  await db.transaction().execute(async (trx) => {
    const space = await managedSpace(trx, accessOf, viewer, slug, spaceSlug, msg("error.space.deleteManagersOnly"));
    await repo.deleteSpace(trx, space.id);
  });
}

/**
 * A space of a community the viewer runs. Its existence is public within a community
 * the viewer can see (ADR 0032), so a missing one is a plain 404 and a refusal a 403.
 */
async function managedSpace(db: Db, accessOf: AccessOf, viewer: Viewer, slug: string, spaceSlug: string, refusal: Said): Promise<repo.SpaceRow> {
  const { membership, community } = await accessOf(viewer, slug, db);
  const space = await repo.findSpace(db, community.id, spaceSlug);
  if (!space) throw notFound(msg("error.notFound.space"));
  if (!policy.canManageCommunity(membership)) throw forbidden(refusal);
  requireSecondFactorFor(viewer);
  return space;
}
