/** Check-ins' SQL: one a day per member and community, read only by that member, and the suppressed weekly summary. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { CheckinAnswers } from "../shared/checkin-template.ts";

export type CheckinRow = { id: string; day: string; answers: CheckinAnswers; shared: boolean; updated_at: Date };

/**
 * Writes the member's check-in for `day`, or replaces the one they already made that day:
 * in one statement, so two taps at once leave one check-in (the unique key decides).
 * `replaced` tells which happened.
 */
export async function upsertCheckin(
  db: Db,
  row: { id: string; community_id: string; account_id: string; day: string; answers: CheckinAnswers; shared: boolean },
): Promise<{ id: string; replaced: boolean }> {
  const result = await sql<{ id: string; replaced: boolean }>`
    insert into checkins (id, community_id, account_id, day, answers, shared)
    values (${row.id}, ${row.community_id}, ${row.account_id}, ${row.day}::date, ${JSON.stringify(row.answers)}::jsonb, ${row.shared})
    on conflict (account_id, community_id, day)
    do update set answers = excluded.answers, shared = excluded.shared, updated_at = now()
    returning id, (xmax <> 0) as replaced`.execute(db);
  return result.rows[0]!;
}

/** The member's check-ins in a community, newest first (at most `limit`, from the unique key read backwards). */
export async function listCheckins(db: Db, accountId: string, communityId: string, limit: number): Promise<CheckinRow[]> {
  const result = await sql<CheckinRow>`
    select c.id, c.day::text as day, c.answers, c.shared, c.updated_at from checkins c
    where c.account_id = ${accountId} and c.community_id = ${communityId}
    -- The column, not the text it is shown as, so the unique key is read backwards instead of sorted.
    order by c.day desc limit ${limit}`.execute(db);
  return result.rows;
}

/** The member's newest check-in there, for the form's defaults. */
export async function latestCheckin(db: Db, accountId: string, communityId: string): Promise<CheckinRow | null> {
  return (await listCheckins(db, accountId, communityId, 1))[0] ?? null;
}

/**
 * For the weekly summary: each member who shared a check-in since `since`, with their newest
 * answers of those days and their newest shared answers before them (to say what went up or
 * down). One row per member; never more than who shared.
 */
export async function sharedSince(db: Db, communityId: string, since: string): Promise<{ latest: CheckinAnswers; previous: CheckinAnswers | null }[]> {
  const result = await sql<{ latest: CheckinAnswers; previous: CheckinAnswers | null }>`
    select distinct on (c.account_id) c.answers as latest,
           (select p.answers from checkins p
            where p.account_id = c.account_id and p.community_id = c.community_id and p.shared and p.day < ${since}::date
            order by p.day desc limit 1) as previous
    from checkins c
    where c.community_id = ${communityId} and c.shared and c.day >= ${since}::date
    order by c.account_id, c.day desc`.execute(db);
  return result.rows;
}
