/** Every query about a community's glossary. */
import type { Db } from "../db/connection.ts";

export type GlossaryRow = { id: string; term: string; definition: string };

/** A community's terms in alphabetical order of their normalised keys (unique in a community, so read in order from glossary_terms_key_idx), bounded: a glossary is short. */
export async function listTerms(db: Db, communityId: string, limit: number): Promise<GlossaryRow[]> {
  return db.selectFrom("glossary_terms").select(["id", "term", "definition"]).where("community_id", "=", communityId).orderBy("term_key").limit(limit).execute();
}

/** How many terms a community has, counting no further than `limit`. */
export async function countTerms(db: Db, communityId: string, limit: number): Promise<number> {
  const rows = await db.selectFrom("glossary_terms").select("id").where("community_id", "=", communityId).limit(limit).execute();
  return rows.length;
}

/** Inserts a term; false when the community already has it (the unique index decides, so two at once cannot both win). */
export async function insertTerm(db: Db, row: { id: string; community_id: string; term: string; term_key: string; definition: string }): Promise<boolean> {
  const result = await db
    .insertInto("glossary_terms")
    .values(row)
    .onConflict((oc) => oc.columns(["community_id", "term_key"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteTerm(db: Db, communityId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom("glossary_terms").where("community_id", "=", communityId).where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
