/**
 * Sanctions that reach an account in one community (a suspension or a ban), and the
 * question the discussion service asks before anyone writes: is this account
 * stopped here? Kept apart from moderation.repo.ts so writing code depends on as
 * little of moderation as possible.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";

export type ActiveSanction = { kind: "suspend" | "ban"; until: Date | null };

/** The sanction that stops the account writing in the community now, the longest first (a ban before any suspension). */
export async function findActiveSanction(db: Db, communityId: string, accountId: string, now = new Date()): Promise<ActiveSanction | undefined> {
  return db
    .selectFrom("community_sanctions")
    .select(["kind", "until"])
    .where("community_id", "=", communityId)
    .where("account_id", "=", accountId)
    .where("lifted_at", "is", null)
    .where((eb) => eb.or([eb("until", "is", null), eb("until", ">", now)]))
    .orderBy(sql`until is null`, "desc")
    .orderBy("until", "desc")
    .executeTakeFirst();
}

export async function insertSanction(
  db: Db,
  row: { id: string; community_id: string; account_id: string; persona_id: string; action_id: string; kind: "suspend" | "ban"; until: Date | null },
) {
  await db.insertInto("community_sanctions").values(row).execute();
}

/**
 * Lifts the sanctions issued against this persona (not against the account's other
 * personas: lifting must not tell a moderator whether two personas share an account).
 * Returns how many were lifted.
 */
export async function liftSanctionsOfPersona(db: Db, communityId: string, personaId: string, now = new Date()): Promise<number> {
  const result = await db
    .updateTable("community_sanctions")
    .set({ lifted_at: now })
    .where("community_id", "=", communityId)
    .where("persona_id", "=", personaId)
    .where("lifted_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
