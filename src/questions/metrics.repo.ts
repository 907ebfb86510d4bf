/**
 * The one query behind a community's response times (ADR 51): its questions asked in a window,
 * read through the index on questions (community_id, created_at desc), so the work grows with the
 * window's questions, never with the community's history. Median and 90th percentile are worked
 * out by the database (percentile_cont, on PostgreSQL and PGlite alike), so no question's own
 * time ever leaves it: only aggregates come back.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import { readableSpaceCondition } from "../db/visibility.sql.ts";
import { GUEST } from "../shared/viewer.ts";

/** What the query counts; every figure on the page is made from these. */
export type QuestionCounts = {
  /** Questions asked in the window (answered or not). */
  asked: number;
  /** Of those, the ones answered; the median and p90 are over these. */
  answered: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Questions at least a day old: the shares are of these. */
  dayOld: number;
  withinDay: number;
  withinDayByClinicians: number;
  withinDayByExpertPatients: number;
};

/**
 * Counts a community's questions asked in [since, now]: those whose thread is neither hidden nor
 * has its opening deleted, and, with `anyoneMayRead`, only those in spaces anyone may read (a
 * public space of a public community: the reading rule of a signed-out visitor).
 */
export async function countQuestions(db: Db, communityId: string, window: { since: Date; now: Date; dayAgo: Date }, anyoneMayRead: boolean): Promise<QuestionCounts> {
  const seconds = sql<number>`extract(epoch from (q.first_answer_at - q.created_at))`;
  const withinDay = sql<boolean>`(q.created_at <= ${window.dayAgo} and q.first_answer_at is not null and q.first_answer_at <= q.created_at + interval '24 hours')`;
  let query = db
    .selectFrom("questions as q")
    // Each question's thread by its key (offset 0 keeps it a lookup per question: never a hash of
    // every thread of the community, however few questions the planner expects; ADR 0033).
    .innerJoin(
      sql<{ id: string; space_id: string; hidden_at: Date | null; opening_deleted_at: Date | null }>`lateral (select th.id, th.space_id, th.hidden_at, th.opening_deleted_at from threads th where th.id = q.thread_id offset 0)`.as("t"),
      (join) => join.onTrue(),
    )
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .innerJoin("communities as c", "c.id", "q.community_id")
    .where("q.community_id", "=", communityId)
    .where("q.created_at", ">=", window.since)
    .where("q.created_at", "<=", window.now)
    .where("t.hidden_at", "is", null)
    .where("t.opening_deleted_at", "is", null);
  if (anyoneMayRead) query = query.where(readableSpaceCondition(GUEST));
  const row = await query
    .select([
      sql<string>`count(*)`.as("asked"),
      sql<string>`count(q.first_answer_at)`.as("answered"),
      sql<number | null>`percentile_cont(0.5) within group (order by ${seconds})`.as("median_seconds"),
      sql<number | null>`percentile_cont(0.9) within group (order by ${seconds})`.as("p90_seconds"),
      sql<string>`count(*) filter (where q.created_at <= ${window.dayAgo})`.as("day_old"),
      sql<string>`count(*) filter (where ${withinDay})`.as("within_day"),
      sql<string>`count(*) filter (where ${withinDay} and q.first_answer_by = 'clinician')`.as("within_day_clinicians"),
      sql<string>`count(*) filter (where ${withinDay} and q.first_answer_by = 'expert_patient')`.as("within_day_expert_patients"),
    ])
    .executeTakeFirstOrThrow();
  const orNull = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    asked: Number(row.asked),
    answered: Number(row.answered),
    medianSeconds: orNull(row.median_seconds),
    p90Seconds: orNull(row.p90_seconds),
    dayOld: Number(row.day_old),
    withinDay: Number(row.within_day),
    withinDayByClinicians: Number(row.within_day_clinicians),
    withinDayByExpertPatients: Number(row.within_day_expert_patients),
  };
}
