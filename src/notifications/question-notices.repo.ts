/**
 * The queries behind the edge network's notices (ADR 51): a question's thread and an answer,
 * with the accounts behind their personas (used to decide whom to tell; never sent out).
 */
import type { Db } from "../db/connection.ts";

/**
 * A question's thread where it is, its asker (the thread's author persona and the account behind
 * it), and whether it can still be answered: not hidden, its opening not deleted, not closed.
 * `question_status` is null for a thread that has no questions row (any thread can be asked about).
 */
export async function findQuestionThread(db: Db, threadId: string) {
  return db
    .selectFrom("threads as t")
    .innerJoin("personas as asker", "asker.id", "t.author_persona_id")
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .innerJoin("communities as c", "c.id", "t.community_id")
    .leftJoin("questions as q", "q.thread_id", "t.id")
    .select([
      "t.id",
      "t.community_id",
      "t.hidden_at",
      "t.opening_deleted_at",
      "t.author_persona_id as asker_persona_id",
      "asker.account_id as asker_account_id",
      "asker.status as asker_status",
      "s.visibility as space_visibility",
      "c.visibility as community_visibility",
      "q.status as question_status",
    ])
    .where("t.id", "=", threadId)
    .executeTakeFirst();
}

/** A post as an answer: its thread, its author persona and the account behind it, and whether it still shows. */
export async function findAnswer(db: Db, postId: string) {
  return db
    .selectFrom("posts as po")
    .innerJoin("personas as author", "author.id", "po.author_persona_id")
    .select(["po.id", "po.thread_id", "po.community_id", "po.deleted_at", "po.hidden_at", "po.author_persona_id", "author.account_id as author_account_id", "author.status as author_status"])
    .where("po.id", "=", postId)
    .executeTakeFirst();
}

/** The persona, if it is active and belongs to this account. */
export async function isActivePersonaOf(db: Db, personaId: string, accountId: string): Promise<boolean> {
  const row = await db.selectFrom("personas").select("id").where("id", "=", personaId).where("account_id", "=", accountId).where("status", "=", "active").executeTakeFirst();
  return row !== undefined;
}
