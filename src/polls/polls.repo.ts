/** Every query about polls: asking one, voting, and the anonymous tally a poll shows. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { PollResultsShown } from "../db/schema.ts";

export type PollRow = {
  id: string;
  community_id: string;
  thread_id: string;
  question: string;
  options: string[];
  multiple: boolean;
  results_shown: PollResultsShown;
  closes_at: Date | null;
};

const POLL_COLUMNS = ["id", "community_id", "thread_id", "question", "options", "multiple", "results_shown", "closes_at"] as const;

/** Adds a thread's poll; false when the thread already has one (its unique thread_id), so nothing is written twice. */
export async function insertPoll(db: Db, row: Omit<PollRow, "multiple" | "results_shown"> & { multiple: boolean; results_shown: PollResultsShown }): Promise<boolean> {
  const inserted = await db
    .insertInto("polls")
    .values(row)
    .onConflict((oc) => oc.column("thread_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findPoll(db: Db, pollId: string): Promise<PollRow | undefined> {
  return db.selectFrom("polls").select(POLL_COLUMNS).where("id", "=", pollId).executeTakeFirst();
}

export async function findPollOfThread(db: Db, threadId: string): Promise<PollRow | undefined> {
  return db.selectFrom("polls").select(POLL_COLUMNS).where("thread_id", "=", threadId).executeTakeFirst();
}

/**
 * Records an account's vote; false when the account had already voted. The primary key
 * (poll_id, account_id) decides, so simultaneous votes of one account count once.
 */
export async function insertVote(db: Db, row: { poll_id: string; account_id: string; community_id: string; choices: number[] }): Promise<boolean> {
  const inserted = await db
    .insertInto("poll_votes")
    .values(row)
    .onConflict((oc) => oc.columns(["poll_id", "account_id"]).doNothing())
    .returning("poll_id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The account's own choices in a poll, or null when it has not voted. */
export async function myChoices(db: Db, pollId: string, accountId: string | null): Promise<number[] | null> {
  if (!accountId) return null;
  const row = await db.selectFrom("poll_votes").select("choices").where("poll_id", "=", pollId).where("account_id", "=", accountId).executeTakeFirst();
  return row ? row.choices.map(Number) : null;
}

/** How many accounts voted, and how many chose each option (by index). Never who. */
export async function tally(db: Db, pollId: string): Promise<{ voters: number; counts: Map<number, number> }> {
  const row = await db
    .selectNoFrom([
      sql<number>`(select count(*)::int from poll_votes v where v.poll_id = ${pollId})`.as("voters"),
      sql<Record<string, number>>`(select coalesce(json_object_agg(choice, n), '{}'::json) from
        (select c.choice, count(*)::int as n from poll_votes v cross join lateral unnest(v.choices) as c(choice)
          where v.poll_id = ${pollId} group by c.choice) counts)`.as("counts"),
    ])
    .executeTakeFirstOrThrow();
  return { voters: Number(row.voters), counts: new Map(Object.entries(row.counts).map(([k, n]) => [Number(k), Number(n)])) };
}

/** The persona that started a thread and the account behind it (never sent out). */
export async function threadAuthorOf(db: Db, threadId: string): Promise<{ persona_id: string; account_id: string } | undefined> {
  return db
    .selectFrom("threads as t")
    .innerJoin("personas as p", "p.id", "t.author_persona_id")
    .select(["p.id as persona_id", "p.account_id"])
    .where("t.id", "=", threadId)
    .executeTakeFirst();
}

/** The accounts that voted in a poll, for telling them it closed. Never sent out, never with their choices. */
export async function voterAccounts(db: Db, pollId: string): Promise<string[]> {
  const rows = await db.selectFrom("poll_votes").select("account_id").where("poll_id", "=", pollId).orderBy("account_id").execute();
  return rows.map((r) => r.account_id);
}
