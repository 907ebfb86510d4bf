/**
 * Which accounts may read something where it is: the same policy as reading its thread, as
 * each account (communities' mayRead), with every account's facts looked up at once (one query
 * for the accounts, one for their memberships) rather than three queries an account: a reply to
 * a thread with hundreds of followers asks this of each of them. Suspended and deleted accounts
 * read nothing; a hidden community only its members see.
 */
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { CommunityVisibility, SpaceVisibility } from "../db/schema.ts";

export type ReadingPlace = { community_id: string; community_visibility: CommunityVisibility; space_visibility: SpaceVisibility };

export async function readersAmong(accounts: AccountsService, communities: CommunitiesService, accountIds: string[], where: ReadingPlace): Promise<Set<string>> {
  const viewers = await accounts.viewersForAccounts(accountIds);
  const memberships = await communities.membershipsIn(where.community_id, [...viewers.keys()]);
  const readers = new Set<string>();
  for (const [accountId, viewer] of viewers) {
    if (communities.mayRead(viewer, { visibility: where.community_visibility }, { visibility: where.space_visibility }, memberships.get(accountId) ?? null)) readers.add(accountId);
  }
  return readers;
}
