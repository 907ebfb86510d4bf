/** The queries of expertise (one persona's topics and basis), endorsements, and a community's topic vocabulary. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { ExpertiseBasis } from "../db/schema.ts";

export type ExpertiseRow = { persona_id: string; basis: ExpertiseBasis; routing: boolean; weekly_limit: number; topics: string[] };

export async function expertiseOf(db: Db, personaIds: string[]): Promise<Map<string, ExpertiseRow>> {
  const found = new Map<string, ExpertiseRow>();
  if (personaIds.length === 0) return found;
  const { rows } = await sql<ExpertiseRow>`
    select pe.persona_id, pe.basis, pe.routing, pe.weekly_limit,
      coalesce(array(select pet.topic_key from persona_expertise_topics pet where pet.persona_id = pe.persona_id order by pet.topic_key), '{}') as topics
    from persona_expertise pe where pe.persona_id = any(${personaIds}::text[])`.execute(db);
  for (const row of rows) found.set(row.persona_id, row);
  return found;
}

/** Replaces one persona's expertise: its basis and switches, and its topics, as one change. */
export async function replaceExpertise(db: Db, row: Omit<ExpertiseRow, "topics"> & { topics: string[] }, at: Date): Promise<void> {
  await db
    .insertInto("persona_expertise")
    .values({ persona_id: row.persona_id, basis: row.basis, routing: row.routing, weekly_limit: row.weekly_limit, updated_at: at })
    .onConflict((oc) => oc.column("persona_id").doUpdateSet({ basis: row.basis, routing: row.routing, weekly_limit: row.weekly_limit, updated_at: at }))
    .execute();
  await db.deleteFrom("persona_expertise_topics").where("persona_id", "=", row.persona_id).execute();
  if (row.topics.length > 0) await db.insertInto("persona_expertise_topics").values(row.topics.map((topic_key) => ({ persona_id: row.persona_id, topic_key }))).execute();
}

export async function deleteExpertise(db: Db, personaId: string): Promise<void> {
  await db.deleteFrom("persona_expertise").where("persona_id", "=", personaId).execute();
}

export type EndorsementCounts = { members: number; clinicians: number };

export async function endorsementCounts(db: Db, personaIds: string[]): Promise<Map<string, EndorsementCounts>> {
  const counts = new Map<string, EndorsementCounts>();
  if (personaIds.length === 0) return counts;
  const { rows } = await sql<{ persona_id: string; members: number; clinicians: number }>`
    select persona_id, count(*) filter (where not by_clinician)::int as members, count(*) filter (where by_clinician)::int as clinicians
    from expertise_endorsements where persona_id = any(${personaIds}::text[]) group by persona_id`.execute(db);
  for (const row of rows) counts.set(row.persona_id, { members: row.members, clinicians: row.clinicians });
  return counts;
}

/** Whether this account endorses the persona. */
export async function endorses(db: Db, personaId: string, accountId: string): Promise<boolean> {
  return (await db.selectFrom("expertise_endorsements").select("persona_id").where("persona_id", "=", personaId).where("endorser_account_id", "=", accountId).executeTakeFirst()) !== undefined;
}

/** Endorses, once per account (the key decides); false when the account already did. */
export async function insertEndorsement(db: Db, row: { persona_id: string; endorser_account_id: string; endorser_persona_id: string; by_clinician: boolean }): Promise<boolean> {
  const inserted = await db.insertInto("expertise_endorsements").values(row).onConflict((oc) => oc.columns(["persona_id", "endorser_account_id"]).doNothing()).returning("persona_id").executeTakeFirst();
  return inserted !== undefined;
}

export async function deleteEndorsement(db: Db, personaId: string, accountId: string): Promise<boolean> {
  const deleted = await db.deleteFrom("expertise_endorsements").where("persona_id", "=", personaId).where("endorser_account_id", "=", accountId).executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

export type TopicRow = { topic_key: string; label: string; condition_code: string | null; synonyms: string[] };

export async function vocabulary(db: Db, communityId: string, limit: number): Promise<TopicRow[]> {
  const { rows } = await sql<TopicRow>`
    select ct.topic_key, ct.label, ct.condition_code,
      coalesce(array(select s.synonym_key from community_topic_synonyms s where s.community_id = ct.community_id and s.topic_key = ct.topic_key order by s.synonym_key), '{}') as synonyms
    from community_topics ct where ct.community_id = ${communityId}
    order by ct.topic_key limit ${limit}`.execute(db);
  return rows;
}

export async function countTopics(db: Db, communityId: string): Promise<number> {
  const row = await db.selectFrom("community_topics").select((eb) => eb.fn.countAll<string>().as("n")).where("community_id", "=", communityId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The topics these keys stand for here: a synonym's topic, else the key itself. */
export async function canonicalTopics(db: Db, communityId: string, keys: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (keys.length === 0) return found;
  const rows = await db.selectFrom("community_topic_synonyms").select(["synonym_key", "topic_key"]).where("community_id", "=", communityId).where("synonym_key", "in", keys).execute();
  for (const row of rows) found.set(row.synonym_key, row.topic_key);
  return found;
}

/** Which of these keys are already a topic or a synonym of another topic here (not counting `except`'s own synonyms). */
export async function keysInUse(db: Db, communityId: string, keys: string[], except: string): Promise<string[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<{ key: string }>`
    select topic_key as key from community_topics where community_id = ${communityId} and topic_key = any(${keys}::text[]) and topic_key <> ${except}
    union
    select synonym_key from community_topic_synonyms where community_id = ${communityId} and synonym_key = any(${keys}::text[]) and topic_key <> ${except}`.execute(db);
  return rows.map((r) => r.key);
}

export async function replaceTopic(db: Db, communityId: string, topic: { key: string; label: string; conditionCode: string | null; synonyms: string[] }): Promise<void> {
  await db
    .insertInto("community_topics")
    .values({ community_id: communityId, topic_key: topic.key, label: topic.label, condition_code: topic.conditionCode })
    .onConflict((oc) => oc.columns(["community_id", "topic_key"]).doUpdateSet({ label: topic.label, condition_code: topic.conditionCode }))
    .execute();
  await db.deleteFrom("community_topic_synonyms").where("community_id", "=", communityId).where("topic_key", "=", topic.key).execute();
  if (topic.synonyms.length > 0) {
    await db.insertInto("community_topic_synonyms").values(topic.synonyms.map((synonym_key) => ({ community_id: communityId, synonym_key, topic_key: topic.key }))).execute();
  }
}

export async function deleteTopic(db: Db, communityId: string, key: string): Promise<boolean> {
  const deleted = await db.deleteFrom("community_topics").where("community_id", "=", communityId).where("topic_key", "=", key).executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1;
}

/** The labels of these keys here (a topic's own words as its community wrote them). */
export async function labelsOf(db: Db, communityId: string, keys: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (keys.length === 0) return labels;
  const rows = await db.selectFrom("community_topics").select(["topic_key", "label"]).where("community_id", "=", communityId).where("topic_key", "in", keys).execute();
  for (const row of rows) labels.set(row.topic_key, row.label);
  return labels;
}
