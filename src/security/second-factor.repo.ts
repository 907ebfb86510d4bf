/** Every query about two-step sign-in: authenticator keys, recovery codes, pending sign-ins. */
import { sql } from "kysely";
import { holdsPrivilegedRoleSql } from "../db/second-factor.sql.ts";
import type { Db } from "../db/connection.ts";

export type SecondFactorRow = { account_id: string; secret: string | null; pending_secret: string | null; last_used_step: number | null };

export async function findSecondFactor(db: Db, accountId: string): Promise<SecondFactorRow | undefined> {
  return db
    .selectFrom("second_factors")
    .select(["account_id", "secret", "pending_secret", "last_used_step"])
    .where("account_id", "=", accountId)
    .executeTakeFirst();
}

export async function holdsPrivilegedRole(db: Db, accountId: string): Promise<boolean> {
  const row = await sql<{ privileged: boolean }>`select ${holdsPrivilegedRoleSql(sql`${accountId}`)} as privileged`.execute(db);
  return row.rows[0]?.privileged === true;
}

export async function findPasswordHash(db: Db, accountId: string): Promise<string | undefined> {
  const row = await db.selectFrom("accounts").select("password_hash").where("id", "=", accountId).where("status", "=", "active").executeTakeFirst();
  return row?.password_hash;
}

/** Starts (or restarts) setting up an authenticator; an active one keeps working meanwhile. */
export async function savePendingSecret(db: Db, accountId: string, pendingSecret: string) {
  await db
    .insertInto("second_factors")
    .values({ account_id: accountId, pending_secret: pendingSecret })
    .onConflict((oc) => oc.column("account_id").doUpdateSet({ pending_secret: pendingSecret }))
    .execute();
}

/** Makes the pending key the active one, remembering the step of the code that proved it. */
export async function activatePendingSecret(db: Db, accountId: string, pendingSecret: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable("second_factors")
    .set({ secret: pendingSecret, pending_secret: null, last_used_step: step, enabled_at: new Date() })
    .where("account_id", "=", accountId)
    .where("pending_secret", "=", pendingSecret)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records that a code of `step` was used, only if no code of this or a later step
 * was used before: one statement, so two requests racing with one code cannot both win.
 */
export async function claimTimeStep(db: Db, accountId: string, secret: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable("second_factors")
    .set({ last_used_step: step })
    .where("account_id", "=", accountId)
    .where("secret", "=", secret)
    .where((eb) => eb.or([eb("last_used_step", "is", null), eb("last_used_step", "<", step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteSecondFactor(db: Db, accountId: string) {
  await db.deleteFrom("recovery_codes").where("account_id", "=", accountId).execute();
  await db.deleteFrom("second_factors").where("account_id", "=", accountId).execute();
}

export async function replaceRecoveryCodes(db: Db, accountId: string, hashes: string[]) {
  await db.deleteFrom("recovery_codes").where("account_id", "=", accountId).execute();
  await db
    .insertInto("recovery_codes")
    .values(hashes.map((code_hash) => ({ account_id: accountId, code_hash })))
    .execute();
}

/** Uses up a recovery code; false when it is unknown or was used already. */
export async function useRecoveryCode(db: Db, accountId: string, codeHash: string): Promise<boolean> {
  const result = await db
    .updateTable("recovery_codes")
    .set({ used_at: new Date() })
    .where("account_id", "=", accountId)
    .where("code_hash", "=", codeHash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("account_id", "=", accountId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPendingSignIn(db: Db, row: { token_hash: string; account_id: string; expires_at: Date }) {
  await db.deleteFrom("pending_sign_ins").where("expires_at", "<", new Date()).execute();
  await db.insertInto("pending_sign_ins").values(row).execute();
}

/** An unexpired pending sign-in of an active account, with the username (for the rate limit). */
export async function findPendingSignIn(db: Db, tokenHash: string) {
  return db
    .selectFrom("pending_sign_ins")
    .innerJoin("accounts", "accounts.id", "pending_sign_ins.account_id")
    .select(["pending_sign_ins.account_id", "pending_sign_ins.attempts", "accounts.username"])
    .where("pending_sign_ins.token_hash", "=", tokenHash)
    .where("pending_sign_ins.expires_at", ">", new Date())
    .where("accounts.status", "=", "active")
    .executeTakeFirst();
}

/** Counts a wrong code against a pending sign-in and returns the count so far. */
export async function countPendingSignInAttempt(db: Db, tokenHash: string): Promise<number> {
  const row = await db
    .updateTable("pending_sign_ins")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("token_hash", "=", tokenHash)
    .returning("attempts")
    .executeTakeFirst();
  return row?.attempts ?? Number.MAX_SAFE_INTEGER;
}

export async function deletePendingSignIn(db: Db, tokenHash: string) {
  await db.deleteFrom("pending_sign_ins").where("token_hash", "=", tokenHash).execute();
}
