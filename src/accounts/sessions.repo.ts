/**
 * Ending an account's sessions. Both the accounts service (password change, "sign out
 * everywhere else") and the second-factor service (turning it on or off, new recovery
 * codes) end every session but the one the person is using, in the transaction of
 * the change itself, so a stolen session never outlives the change meant to end it.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/connection.ts";

/** Sessions are kept as the SHA-256 of their token, never the token. */
export const sessionTokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

/**
 * Deletes every session of the account except the one whose token is `keepToken`
 * (none kept when it is undefined), and every sign-in left waiting for its code.
 * Returns how many sessions it ended.
 */
export async function endOtherSessions(db: Db, accountId: string, keepToken: string | null | undefined): Promise<number> {
  let query = db.deleteFrom("sessions").where("account_id", "=", accountId);
  if (keepToken) query = query.where("token_hash", "<>", sessionTokenHash(keepToken));
  const result = await query.executeTakeFirst();
  await db.deleteFrom("pending_sign_ins").where("account_id", "=", accountId).execute();
  return Number(result.numDeletedRows);
}

/** How many unexpired sessions the account has besides the one with `keepToken`. */
export async function countOtherSessions(db: Db, accountId: string, keepToken: string | null | undefined): Promise<number> {
  let query = db.selectFrom("sessions").select((eb) => eb.fn.countAll<string>().as("n")).where("account_id", "=", accountId).where("expires_at", ">", new Date());
  if (keepToken) query = query.where("token_hash", "<>", sessionTokenHash(keepToken));
  return Number((await query.executeTakeFirstOrThrow()).n);
}
