/** Every query about reactions: giving one, taking it back, and the counts a post shows. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { ReactionKind } from "../db/schema.ts";

/** A post with what decides whether it may take a reaction: where it is, and whether it is gone or hidden. */
export async function findPostForReaction(db: Db, postId: string) {
  return db
    .selectFrom("posts as po")
    .innerJoin("threads as t", "t.id", "po.thread_id")
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .innerJoin("communities as c", "c.id", "po.community_id")
    .select([
      "po.id",
      "po.community_id",
      "po.thread_id",
      "po.deleted_at",
      "po.hidden_at",
      "t.hidden_at as thread_hidden_at",
      "s.visibility as space_visibility",
      "c.slug as community_slug",
      "c.visibility as community_visibility",
    ])
    .where("po.id", "=", postId)
    .executeTakeFirst();
}

/** Records a reaction; false when that persona had already given it (nothing is added twice). */
export async function insertReaction(db: Db, row: { community_id: string; post_id: string; persona_id: string; kind: ReactionKind }): Promise<boolean> {
  const inserted = await db
    .insertInto("reactions")
    .values(row)
    .onConflict((oc) => oc.columns(["post_id", "persona_id", "kind"]).doNothing())
    .returning("post_id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Takes back a kind of reaction given by the personas listed (the service lists one). */
export async function deleteReactions(db: Db, postId: string, personaIds: string[], kind: ReactionKind): Promise<number> {
  if (personaIds.length === 0) return 0;
  const result = await db
    .deleteFrom("reactions")
    .where("post_id", "=", postId)
    .where("persona_id", "in", personaIds)
    .where("kind", "=", kind)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Whether this one persona gave this kind of reaction to the post. */
export async function hasReacted(db: Db, postId: string, personaId: string, kind: ReactionKind): Promise<boolean> {
  const row = await db.selectFrom("reactions").select("post_id").where("post_id", "=", postId).where("persona_id", "=", personaId).where("kind", "=", kind).executeTakeFirst();
  return row !== undefined;
}

/** The counts of a post's reactions by kind, and the kinds the listed personas gave. Never who gave them. */
export async function reactionSummary(db: Db, postId: string, viewerPersonaIds: string[]) {
  const mine = viewerPersonaIds.length ? viewerPersonaIds : [""];
  const row = await db
    .selectNoFrom([
      sql<Record<string, number>>`(select coalesce(json_object_agg(kind, n), '{}'::json) from
        (select r.kind, count(*)::int as n from reactions r where r.post_id = ${postId} group by r.kind) counts)`.as("counts"),
      sql<ReactionKind[]>`(select coalesce(json_agg(distinct r.kind), '[]'::json) from reactions r
        where r.post_id = ${postId} and r.persona_id in (${sql.join(mine)}))`.as("mine"),
    ])
    .executeTakeFirstOrThrow();
  return { counts: row.counts as Partial<Record<ReactionKind, number>>, mine: row.mine };
}
