/**
 * Every query about getting back into an account: the email address and its
 * verification, reset and verification links (as token hashes), and the password
 * recovery codes (as hashes).
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";

export type TokenPurpose = "password_reset" | "email_verification";

export type EmailState = { id: string; username: string; email: string | null; email_verified_at: Date | null; pending_email: string | null; locale: string | null };

/** The email columns of an active account. */
export async function findEmailState(db: Db, accountId: string): Promise<EmailState | undefined> {
  return db
    .selectFrom("accounts")
    .select(["id", "username", "email", "email_verified_at", "pending_email", "locale"])
    .where("id", "=", accountId)
    .where("status", "=", "active")
    .executeTakeFirst();
}

/**
 * The active accounts a "forgot password" request names, by username or by a verified
 * email (an address given at sign-up or waiting for its link does not count).
 */
export async function findAccountsForReset(db: Db, login: string): Promise<string[]> {
  const lowered = login.trim().toLowerCase();
  const rows = await db
    .selectFrom("accounts")
    .select("id")
    .where("status", "=", "active")
    .where((eb) =>
      eb.or([
        eb(sql`lower(username)`, "=", lowered),
        eb.and([eb(sql`lower(email)`, "=", lowered), eb("email_verified_at", "is not", null)]),
      ]),
    )
    .orderBy("id")
    .limit(10)
    .execute();
  return rows.map((r) => r.id);
}

/** Sets the address waiting for verification (null clears it). */
export async function setPendingEmail(db: Db, accountId: string, pendingEmail: string | null) {
  await db.updateTable("accounts").set({ pending_email: pendingEmail }).where("id", "=", accountId).execute();
}

/** Makes `email` the account's verified address and forgets any waiting one. */
export async function setVerifiedEmail(db: Db, accountId: string, email: string, at: Date) {
  await db.updateTable("accounts").set({ email, email_verified_at: at, pending_email: null }).where("id", "=", accountId).execute();
}

/** Takes the address off the account, with any waiting one. */
export async function clearEmail(db: Db, accountId: string) {
  await db.updateTable("accounts").set({ email: null, email_verified_at: null, pending_email: null }).where("id", "=", accountId).execute();
}

export async function insertToken(db: Db, row: { token_hash: string; account_id: string; purpose: TokenPurpose; email: string | null; expires_at: Date }) {
  await db.deleteFrom("account_tokens").where("expires_at", "<", new Date(Date.now() - 24 * 3600 * 1000)).execute();
  await db.insertInto("account_tokens").values(row).execute();
}

/**
 * Uses up an unused, unexpired link of `purpose` in one statement (two requests racing
 * with one link cannot both win); returns its account and address, or undefined.
 */
export async function useToken(db: Db, tokenHash: string, purpose: TokenPurpose, now: Date) {
  return db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .where((eb) => eb.exists(eb.selectFrom("accounts").select("accounts.id").whereRef("accounts.id", "=", "account_tokens.account_id").where("accounts.status", "=", "active")))
    .returning(["account_id", "email"])
    .executeTakeFirst();
}

/** Whether a link of `purpose` could be used now (for the page that asks for the new password). */
export async function tokenUsable(db: Db, tokenHash: string, purpose: TokenPurpose, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom("account_tokens")
    .select("token_hash")
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row !== undefined;
}

/** Ends every other unused link of `purpose` for the account (a reset done, an address changed). */
export async function retireTokens(db: Db, accountId: string, purpose: TokenPurpose, now: Date) {
  await db.updateTable("account_tokens").set({ used_at: now }).where("account_id", "=", accountId).where("purpose", "=", purpose).where("used_at", "is", null).execute();
}

export async function setPasswordHash(db: Db, accountId: string, passwordHash: string) {
  await db.updateTable("accounts").set({ password_hash: passwordHash }).where("id", "=", accountId).execute();
}

export async function findPasswordHash(db: Db, accountId: string): Promise<string | undefined> {
  const row = await db.selectFrom("accounts").select("password_hash").where("id", "=", accountId).where("status", "=", "active").executeTakeFirst();
  return row?.password_hash;
}

export async function findActiveAccountIdByUsername(db: Db, username: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("accounts")
    .select("id")
    .where(sql`lower(username)`, "=", username.trim().toLowerCase())
    .where("status", "=", "active")
    .executeTakeFirst();
  return row?.id;
}

/** Replaces the account's recovery codes: the old ones stop working. */
export async function replaceRecoveryCodes(db: Db, accountId: string, hashes: string[]) {
  await db.deleteFrom("password_recovery_codes").where("account_id", "=", accountId).execute();
  await db
    .insertInto("password_recovery_codes")
    .values(hashes.map((code_hash) => ({ account_id: accountId, code_hash })))
    .execute();
}

/** Uses up a recovery code; false when it is unknown or was used already. */
export async function useRecoveryCode(db: Db, accountId: string, codeHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("password_recovery_codes")
    .set({ used_at: now })
    .where("account_id", "=", accountId)
    .where("code_hash", "=", codeHash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom("password_recovery_codes")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("account_id", "=", accountId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
