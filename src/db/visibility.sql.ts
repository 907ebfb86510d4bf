/**
 * The reading rules of communities.policy.ts as a SQL condition, for queries that
 * list or search many spaces at once. Expects the query to join `communities as c`
 * and `spaces as s`.
 */
import { sql, type RawBuilder } from "kysely";
import type { Viewer } from "../shared/viewer.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { secondFactorAllows } from "../shared/second-factor.ts";

export function readableSpaceCondition(viewer: Viewer): RawBuilder<boolean> {
  if (!isSignedIn(viewer)) {
    return sql<boolean>`(c.visibility = 'public' and s.visibility = 'public')`;
  }
  const clinician = viewer.isVerifiedClinician;
  const carer = viewer.isCarer;
  // A moderator's read of a carers' space waits for two-step sign-in when the host requires it (readsAsModerator).
  const moderatorReads = secondFactorAllows(viewer);
  return sql<boolean>`(
    (c.visibility = 'public' and s.visibility = 'public')
    or (s.visibility = 'clinicians' and ${clinician}::boolean and c.visibility = 'public')
    or exists (
      select 1 from memberships m
      where m.community_id = c.id and m.account_id = ${viewer.accountId} and m.status = 'member'
        and (s.visibility in ('public', 'members')
          or (s.visibility = 'carers' and (${carer}::boolean or (${moderatorReads}::boolean and m.role in ('owner', 'moderator'))))
          or (s.visibility = 'clinicians' and ${clinician}::boolean))
    )
  )`;
}

/** Communities a viewer may see listed: every one but hidden ones they do not belong to. */
export function visibleCommunityCondition(viewer: Viewer): RawBuilder<boolean> {
  if (!isSignedIn(viewer)) return sql<boolean>`(c.visibility <> 'hidden')`;
  return sql<boolean>`(c.visibility <> 'hidden' or exists (
    select 1 from memberships m where m.community_id = c.id and m.account_id = ${viewer.accountId}))`;
}
