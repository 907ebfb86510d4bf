/**
 * The queries of questions: a question with its thread's facts, its topics, answers accepted,
 * who was asked (routes), and the first answer. Routing's candidate query is in routing.repo.ts,
 * expertise and the vocabulary in expertise.repo.ts.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { Charter, CommunityVisibility, FirstAnswerBy, SpaceVisibility } from "../db/schema.ts";

export type QuestionRow = {
  thread_id: string;
  community_id: string;
  community_slug: string;
  community_visibility: CommunityVisibility;
  community_charter: Charter;
  space_id: string;
  space_visibility: SpaceVisibility;
  author_persona_id: string;
  asker_account_id: string;
  title: string;
  status: "open" | "closed";
  accepted_post_id: string | null;
  accepted_at: Date | null;
  round: number;
  routed_count: number;
  exhausted_at: Date | null;
  first_answer_at: Date | null;
  created_at: Date;
  hidden_at: Date | null;
};

const questionColumns = sql<QuestionRow>`
  q.thread_id, q.community_id, c.slug as community_slug, c.visibility as community_visibility, c.charter as community_charter,
  t.space_id, s.visibility as space_visibility, t.author_persona_id, ap.account_id as asker_account_id, t.title,
  q.status, q.accepted_post_id, q.accepted_at, q.round, q.routed_count, q.exhausted_at, q.first_answer_at, q.created_at, t.hidden_at`;

const fromQuestions = sql`
  from questions q
  join threads t on t.id = q.thread_id
  join communities c on c.id = q.community_id
  join spaces s on s.id = t.space_id
  join personas ap on ap.id = t.author_persona_id`;

export async function findQuestion(db: Db, threadId: string, lock = false): Promise<QuestionRow | undefined> {
  const { rows } = await sql<QuestionRow>`select ${questionColumns} ${fromQuestions} where q.thread_id = ${threadId} ${lock ? sql`for update of q` : sql``}`.execute(db);
  return rows[0];
}

/** The question a post answers (its thread's), and the post's own facts; none for a post outside a question. */
type AnswerRow = { post_id: string; thread_id: string; community_id: string; author_persona_id: string; author_account_id: string; deleted: boolean; hidden: boolean; opening: boolean };

export async function findAnswer(db: Db, postId: string): Promise<AnswerRow | undefined> {
  const { rows } = await sql<AnswerRow>`
    select p.id as post_id, p.thread_id, p.community_id, p.author_persona_id, per.account_id as author_account_id,
      p.deleted_at is not null as deleted, p.hidden_at is not null as hidden,
      p.id = (select o.id from posts o where o.thread_id = p.thread_id order by o.created_at, o.id limit 1) as opening
    from posts p
    join questions q on q.thread_id = p.thread_id
    join personas per on per.id = p.author_persona_id
    where p.id = ${postId}`.execute(db);
  return rows[0];
}

/** A new question, at its first round of routing (its first people are asked in the same transaction). */
export async function insertQuestion(db: Db, row: { thread_id: string; community_id: string; topics: string[] }): Promise<void> {
  await db.insertInto("questions").values({ thread_id: row.thread_id, community_id: row.community_id, round: 1 }).execute();
  await db
    .insertInto("question_topics")
    .values(row.topics.map((topic_key) => ({ thread_id: row.thread_id, community_id: row.community_id, topic_key })))
    .execute();
}

export async function topicsOf(db: Db, threadIds: string[]): Promise<Map<string, string[]>> {
  const topics = new Map<string, string[]>();
  if (threadIds.length === 0) return topics;
  const rows = await db.selectFrom("question_topics").select(["thread_id", "topic_key"]).where("thread_id", "in", threadIds).orderBy("topic_key").execute();
  for (const row of rows) topics.set(row.thread_id, [...(topics.get(row.thread_id) ?? []), row.topic_key]);
  return topics;
}

/**
 * Asks these people, in order, skipping any account already asked about this question (the key
 * decides), and returns who was asked. The question's routed count grows by as many.
 */
export async function insertRoutes(db: Db, threadId: string, round: number, people: { accountId: string; personaId: string }[], at: Date): Promise<{ accountId: string; personaId: string }[]> {
  const asked: { accountId: string; personaId: string }[] = [];
  for (const person of people) {
    const inserted = await db
      .insertInto("question_routes")
      .values({ thread_id: threadId, account_id: person.accountId, persona_id: person.personaId, round, asked_at: at })
      .onConflict((oc) => oc.columns(["thread_id", "account_id"]).doNothing())
      .returning("account_id")
      .executeTakeFirst();
    if (inserted) asked.push(person);
  }
  if (asked.length > 0) await sql`update questions set routed_count = routed_count + ${asked.length} where thread_id = ${threadId}`.execute(db);
  return asked;
}

/** Moves the question on to `round`, once: false when another run already did. */
export async function advanceRound(db: Db, threadId: string, from: number): Promise<boolean> {
  const moved = await db.updateTable("questions").set({ round: from + 1 }).where("thread_id", "=", threadId).where("round", "=", from).executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

export async function markExhausted(db: Db, threadId: string, at: Date): Promise<boolean> {
  const marked = await db.updateTable("questions").set({ exhausted_at: at }).where("thread_id", "=", threadId).where("exhausted_at", "is", null).executeTakeFirst();
  return Number(marked.numUpdatedRows) === 1;
}

/** The viewer's route on the question (which of their personas was asked, and whether they passed), if they were asked. */
export async function routeOf(db: Db, threadId: string, accountId: string): Promise<{ persona_id: string; state: "asked" | "passed" | "answered" } | undefined> {
  return db.selectFrom("question_routes").select(["persona_id", "state"]).where("thread_id", "=", threadId).where("account_id", "=", accountId).executeTakeFirst();
}

/** Passes a question on: once; false when the route was not waiting (already passed or answered). */
export async function passRoute(db: Db, threadId: string, accountId: string): Promise<boolean> {
  const passed = await db.updateTable("question_routes").set({ state: "passed" }).where("thread_id", "=", threadId).where("account_id", "=", accountId).where("state", "=", "asked").executeTakeFirst();
  return Number(passed.numUpdatedRows) === 1;
}

export async function setAccepted(db: Db, threadId: string, postId: string | null, at: Date): Promise<void> {
  await db.updateTable("questions").set({ accepted_post_id: postId, accepted_at: postId ? at : null }).where("thread_id", "=", threadId).execute();
}

export async function setStatus(db: Db, threadId: string, status: "open" | "closed", at: Date): Promise<void> {
  await db.updateTable("questions").set({ status, closed_at: status === "closed" ? at : null }).where("thread_id", "=", threadId).execute();
}

/**
 * Notes a reply as an answer: the question's first answer (once, when it is the earliest reply
 * from another account), and the answerer's route, if they were asked.
 */
export async function noteAnswer(db: Db, reply: { threadId: string; accountId: string; at: Date; by: FirstAnswerBy }): Promise<void> {
  await db
    .updateTable("questions")
    .set({ first_answer_at: reply.at, first_answer_by: reply.by })
    .where("thread_id", "=", reply.threadId)
    .where((eb) => eb.or([eb("first_answer_at", "is", null), eb("first_answer_at", ">", reply.at)]))
    .execute();
  await db.updateTable("question_routes").set({ state: "answered" }).where("thread_id", "=", reply.threadId).where("account_id", "=", reply.accountId).execute();
}

/** A reply's facts for noting it as an answer: its question's asker, its author and when. */
export async function replyFacts(db: Db, postId: string): Promise<{ thread_id: string; asker_account_id: string; author_account_id: string; author_persona_id: string; created_at: Date } | undefined> {
  const { rows } = await sql<{ thread_id: string; asker_account_id: string; author_account_id: string; author_persona_id: string; created_at: Date }>`
    select p.thread_id, ap.account_id as asker_account_id, per.account_id as author_account_id, p.author_persona_id, p.created_at
    from posts p
    join questions q on q.thread_id = p.thread_id
    join threads t on t.id = p.thread_id
    join personas ap on ap.id = t.author_persona_id
    join personas per on per.id = p.author_persona_id
    where p.id = ${postId} and p.deleted_at is null`.execute(db);
  return rows[0];
}

export type QuestionListRow = { thread_id: string; title: string; status: "open" | "closed"; accepted: boolean; answered: boolean; created_at: Date; reply_count: number };

/** A community's newest questions in the given spaces (those the viewer reads), hidden and emptied ones left out. */
export async function listQuestions(db: Db, communityId: string, spaceIds: string[], limit: number): Promise<QuestionListRow[]> {
  if (spaceIds.length === 0) return [];
  const { rows } = await sql<QuestionListRow>`
    select q.thread_id, t.title, q.status, q.accepted_post_id is not null as accepted, q.first_answer_at is not null as answered, q.created_at, t.reply_count
    from questions q
    join threads t on t.id = q.thread_id
    where q.community_id = ${communityId} and t.space_id = any(${spaceIds}::text[])
      and t.hidden_at is null and t.opening_deleted_at is null
    order by q.created_at desc, q.thread_id desc
    limit ${limit}`.execute(db);
  return rows;
}

/** How many of the people asked have neither passed nor answered yet. */
export async function waitingRoutes(db: Db, threadId: string): Promise<number> {
  const row = await db.selectFrom("question_routes").select((eb) => eb.fn.countAll<string>().as("n")).where("thread_id", "=", threadId).where("state", "=", "asked").executeTakeFirstOrThrow();
  return Number(row.n);
}
