/**
 * A fork's new community (issue 12, ADR 43): the charter copied (then editable as any), the
 * chosen spaces made again, the forker its only member and owner. Written in the caller's
 * transaction, so the content the fork carries (src/forks) lands with it or not at all.
 */
import type { Db } from "../db/connection.ts";
import { checkAll, forbidden, invalid } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { newId } from "../shared/ids.ts";
import type { SignedInViewer } from "../shared/viewer.ts";
import * as policy from "./communities.policy.ts";
import * as repo from "./communities.repo.ts";
import { checkSlug, communityName, purposeText, slugTaken } from "./community-input.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";

export type ForkInput = { slug?: unknown; name?: unknown; purpose?: unknown; spaces?: unknown };

/** What src/forks needs of the new community: its id and slug, the parent's, and which space became which. */
export type FoundedFork = {
  id: string;
  slug: string;
  parent: { id: string; slug: string; name: string };
  /** The parent's space id → the fork's space id, for the spaces carried. */
  spaces: Map<string, string>;
};

const text = (value: unknown): string => (typeof value === "string" ? value : "");

function chosenSpaces(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw invalid("spaces", msg("problem.fork.spacesList"));
  const slugs = [...new Set(value as string[])];
  if (slugs.length === 0) throw invalid("spaces", msg("problem.fork.noSpaces"));
  return slugs;
}

/** A fork's fields, every one checked before the slug is looked up (as on creation); the parent's spaces it names. */
async function checkForkFields(trx: Db, parent: repo.CommunityRow, input: ForkInput) {
  const checked = checkAll({
    slug: () => checkSlug(text(input.slug)),
    name: () => communityName(text(input.name)),
    purpose: () => (input.purpose === undefined || input.purpose === "" ? parent.purpose : purposeText(text(input.purpose))),
    spaces: () => chosenSpaces(input.spaces),
  });
  const all = await repo.listSpaces(trx, parent.id);
  const unknown = checked.spaces.filter((slug) => !all.some((s) => s.slug === slug));
  if (unknown.length > 0) throw invalid("spaces", msg("problem.fork.unknownSpaces", { spaces: unknown.join(", ") }));
  const slug = text(input.slug);
  if (await repo.findCommunityBySlug(trx, slug)) throw slugTaken();
  return { ...checked, slug, all };
}

/**
 * Who may fork: its owners and moderators ("managers"), or, where its charter sets
 * forkSignatures, a member whose proposal that many members signed ("signatures", ADR 48).
 */
export type ForkedBy = "managers" | "signatures";

function mayFork(parent: repo.CommunityRow, membership: policy.MembershipFacts, by: ForkedBy): void {
  if (by === "managers" && !policy.canManageCommunity(membership)) throw forbidden(msg("error.fork.managersOnly"));
  if (by === "signatures" && (!policy.isMember(membership) || !parent.charter.forkSignatures)) throw forbidden(msg("error.fork.noMembersFork"));
}

/** Checks a members' fork proposal as its fork would be checked, writing nothing; answers the signatures it needs. */
export async function checkForkProposal(
  trx: Db,
  access: (db: Db) => Promise<{ community: repo.CommunityRow; membership: policy.MembershipFacts }>,
  mayCreate: () => void,
  input: ForkInput,
): Promise<{ parentId: string; needed: number; slug: string; name: string; purpose: string; spaces: string[] }> {
  const { community: parent, membership } = await access(trx);
  mayFork(parent, membership, "signatures");
  mayCreate();
  const checked = await checkForkFields(trx, parent, input);
  return { parentId: parent.id, needed: parent.charter.forkSignatures!, slug: checked.slug, name: checked.name, purpose: checked.purpose, spaces: checked.spaces };
}

export async function foundFork(
  trx: Db,
  access: (db: Db) => Promise<{ community: repo.CommunityRow; membership: policy.MembershipFacts }>,
  mayCreate: () => void,
  viewer: SignedInViewer,
  input: ForkInput,
  by: ForkedBy = "managers",
): Promise<FoundedFork> {
  const { community: parent, membership } = await access(trx);
  mayFork(parent, membership, by);
  mayCreate();
  requireSecondFactorFor(viewer);
  const checked = await checkForkFields(trx, parent, input);
  const { slug, all } = checked;
  const id = newId();
  await repo.insertCommunity(trx, { id, slug, name: checked.name, purpose: checked.purpose, visibility: parent.visibility, join_policy: parent.join_policy, charter: parent.charter });
  await repo.insertCharterRevision(trx, { id: newId(), community_id: id, editor_account_id: viewer.accountId, snapshot: parent.charter });
  await repo.insertMembership(trx, { community_id: id, account_id: viewer.accountId, role: "owner", status: "member" });
  const spaces = new Map<string, string>();
  for (const space of all.filter((s) => checked.spaces.includes(s.slug))) {
    const forkSpaceId = newId();
    await repo.insertSpace(trx, { id: forkSpaceId, community_id: id, slug: space.slug, name: space.name, description: space.description, visibility: space.visibility, position: space.position });
    spaces.set(space.id, forkSpaceId);
  }
  return { id, slug, parent: { id: parent.id, slug: parent.slug, name: parent.name }, spaces };
}
