/** The participation ladder's SQL: steps an account took (once each), and each community's welcome thread. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { Step } from "./ladder.ts";

/** Marks a step taken; taking it again changes nothing (so a job run twice writes once). */
export async function markStep(db: Db, accountId: string, step: Step): Promise<void> {
  await db.insertInto("participation_steps").values({ account_id: accountId, step }).onConflict((c) => c.doNothing()).execute();
}

/** The same for the account behind a persona (an author, a reactor); nothing when the persona is gone. */
export async function markStepOfPersona(db: Db, personaId: string, step: Step): Promise<void> {
  await sql`insert into participation_steps (account_id, step)
    select account_id, ${step} from personas where id = ${personaId}
    on conflict do nothing`.execute(db);
}

/** A helpful reaction marks "helped" for the post's author — unless it came from one of the author's own personas. */
export async function markHelped(db: Db, postId: string, byPersonaId: string): Promise<void> {
  await sql`insert into participation_steps (account_id, step)
    select author.account_id, 'helped' from posts po
    join personas author on author.id = po.author_persona_id
    join personas giver on giver.id = ${byPersonaId}
    where po.id = ${postId} and giver.account_id <> author.account_id
    on conflict do nothing`.execute(db);
}

/** The account behind a post's author. */
export async function markAuthorOfPost(db: Db, postId: string, step: Step): Promise<void> {
  await sql`insert into participation_steps (account_id, step)
    select p.account_id, ${step} from posts po join personas p on p.id = po.author_persona_id where po.id = ${postId}
    on conflict do nothing`.execute(db);
}

export async function stepsTaken(db: Db, accountId: string): Promise<Set<Step>> {
  const rows = await db.selectFrom("participation_steps").select("step").where("account_id", "=", accountId).execute();
  return new Set(rows.map((r) => r.step));
}

export async function welcomeThreadOf(db: Db, communityId: string): Promise<string | null> {
  const row = await db.selectFrom("welcome_threads").select("thread_id").where("community_id", "=", communityId).executeTakeFirst();
  return row?.thread_id ?? null;
}

export async function setWelcomeThread(db: Db, communityId: string, threadId: string | null): Promise<void> {
  if (threadId === null) {
    await db.deleteFrom("welcome_threads").where("community_id", "=", communityId).execute();
    return;
  }
  await db
    .insertInto("welcome_threads")
    .values({ community_id: communityId, thread_id: threadId })
    .onConflict((c) => c.column("community_id").doUpdateSet({ thread_id: threadId, set_at: new Date() }))
    .execute();
}

/** Whether a persona wrote in the thread since `since` (its hello): a post neither deleted nor hidden. */
export async function saidHelloSince(db: Db, threadId: string, personaId: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom("posts")
    .select("id")
    .where("thread_id", "=", threadId)
    .where("created_at", ">", since)
    .where("author_persona_id", "=", personaId)
    .where("deleted_at", "is", null)
    .where("hidden_at", "is", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a welcome; false when this account already welcomed this persona here (the unique key decides). */
export async function insertWelcome(
  db: Db,
  row: { id: string; community_id: string; welcomer_account_id: string; welcomer_persona_id: string; newcomer_persona_id: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto("welcomes")
    .values(row)
    .onConflict((oc) => oc.columns(["community_id", "welcomer_account_id", "newcomer_persona_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The persona an account welcomed this newcomer as, if it did. */
export async function welcomeGiven(db: Db, communityId: string, accountId: string, newcomerPersonaId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("welcomes")
    .select("welcomer_persona_id")
    .where("community_id", "=", communityId)
    .where("welcomer_account_id", "=", accountId)
    .where("newcomer_persona_id", "=", newcomerPersonaId)
    .executeTakeFirst();
  return row?.welcomer_persona_id;
}

/** Which of these personas the account has welcomed in the community. */
export async function welcomedAmong(db: Db, communityId: string, accountId: string, personaIds: string[]): Promise<Set<string>> {
  if (personaIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("welcomes")
    .select("newcomer_persona_id")
    .where("community_id", "=", communityId)
    .where("welcomer_account_id", "=", accountId)
    .where("newcomer_persona_id", "in", personaIds)
    .execute();
  return new Set(rows.map((r) => r.newcomer_persona_id));
}

/** Coming to an event: its "event" step for everyone who was going, once it has ended and was not cancelled. */
export async function markGoingToEndedEvent(db: Db, eventId: string): Promise<void> {
  await sql`insert into participation_steps (account_id, step)
    select r.account_id, 'event' from event_rsvps r join events e on e.id = r.event_id
    where r.event_id = ${eventId} and r.status = 'going' and e.ends_at <= now() and e.cancelled_at is null
    on conflict do nothing`.execute(db);
}
