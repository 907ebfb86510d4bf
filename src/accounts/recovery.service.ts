/**
 * Getting back into an account, and the email address that makes it possible (ADR 29):
 *
 * - An email address is used for password resets only once a link sent to it was
 *   followed. A new address waits (`pending_email`) until then; the old one stays.
 * - "Forgot password" answers the same whatever was typed: the request looks the name
 *   up and queues one job either way; the job makes the link and mails it.
 * - Links are single use, expire, and are kept only as the SHA-256 of their token.
 * - Recovery codes reset the password without email; each works once; new ones
 *   replace the old. A reset of either kind signs out every session of the account.
 */
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { Db } from "../db/connection.ts";
import { RateLimiter } from "../db/rate-limiter.ts";
import type { EventBus } from "../events/event-bus.ts";
import { AppError, invalid, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import type { RateLimitRule } from "../shared/rate-limits.ts";
import { LIMITS } from "../shared/limits.ts";
import { unsafeTextProblem } from "../shared/text.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import * as repo from "./recovery.repo.ts";
import { LINK_EXPIRED, RESET_LINK_MINUTES, VERIFY_LINK_HOURS } from "./account-links.ts";
import { endOtherSessions } from "./sessions.repo.ts";
import { hashPasswordRecoveryCode, newPasswordRecoveryCodes, normalisePasswordRecoveryCode } from "./recovery-codes.ts";
import { checkPassword, emailProblem } from "./accounts.service.ts";

export { RESET_LINK_MINUTES, VERIFY_LINK_HOURS } from "./account-links.ts";

/** "Forgot password" requests from one address, and for one username or email. */
export const PASSWORD_RESET_REQUEST_LIMIT: RateLimitRule = { name: "password-reset-request", limit: 5, windowSeconds: 60 * 60 };
/** Tries at a reset (by link or by recovery code) from one address, and at one username's codes. */
export const PASSWORD_RESET_LIMIT: RateLimitRule = { name: "password-reset", limit: 10, windowSeconds: 60 * 60 };
/** Changes of the email address or of the recovery codes for one account (each needs the password, and sends mail). */
export const ACCOUNT_CHANGE_LIMIT: RateLimitRule = { name: "account-change", limit: 10, windowSeconds: 60 * 60 };

export type EmailStatus = { email: string | null; verified: boolean; pending: string | null };
/** A link to mail, and the language the account chose (null: none, so the server's). */
export type MailLink = { to: string; username: string; token: string; locale: string | null };

const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");
const newToken = () => randomBytes(32).toString("base64url");
/** The rate-limit key of what someone typed: a hash, so no email address is copied into rate_limit_hits. */
const loginKey = (login: string) => `login:${sha256(login.trim().toLowerCase())}`;
// Verified against when the username is unknown, so timing does not tell which exist.
const UNKNOWN_HASH = hash("not a real password, only for timing");

function signedIn(viewer: Viewer): SignedInViewer {
  if (!isSignedIn(viewer)) throw notSignedIn();
  return viewer;
}

const linkExpired = () =>
  new AppError("link_expired", 400, LINK_EXPIRED, {
    token: msg("problem.account.linkExpired"),
  });

const wrongRecoveryCode = () =>
  new AppError("wrong_recovery_code", 400, msg("error.account.wrongRecoveryCode"), {
    code: msg("problem.account.wrongRecoveryCode"),
  });

export class AccountRecoveryService {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    rateLimits: boolean,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.limiter = new RateLimiter(db, rateLimits);
  }

  // ——— Email ———

  async emailStatus(viewer: Viewer): Promise<EmailStatus> {
    const state = await repo.findEmailState(this.db, signedIn(viewer).accountId);
    if (!state) throw notSignedIn();
    return { email: state.email, verified: state.email_verified_at !== null, pending: state.pending_email };
  }

  /**
   * Adds or changes the address, after checking the password: the new one is mailed a
   * link and becomes the account's when it is followed; until then the old one stays.
   */
  async requestEmailChange(viewer: Viewer, input: { email: string; password: string }): Promise<{ pending: string }> {
    const account = signedIn(viewer);
    const email = input.email.trim();
    const problem = email === "" ? msg("problem.email.empty") : emailProblem(email);
    if (problem) throw invalid("email", problem);
    await this.limiter.hit(ACCOUNT_CHANGE_LIMIT, `account:${account.accountId}`);
    await this.checkCurrentPassword(account.accountId, input.password);
    const state = await repo.findEmailState(this.db, account.accountId);
    if (!state) throw notSignedIn();
    if (state.email_verified_at !== null && state.email?.toLowerCase() === email.toLowerCase()) {
      throw new AppError("same_email", 400, msg("error.account.sameEmail"), { email: msg("problem.account.sameEmail") });
    }
    await this.db.transaction().execute(async (trx) => {
      // A link sent to an earlier new address no longer verifies anything.
      await repo.retireTokens(trx, account.accountId, "email_verification", this.now());
      await repo.setPendingEmail(trx, account.accountId, email);
      await this.events.publish(trx, { type: "account.email_verification_requested", accountId: account.accountId });
    });
    return { pending: email };
  }

  /**
   * Mails a new link to the address waiting to be verified (one given at sign-up, or a
   * new one whose link was lost or expired). No password needed: it only writes to the
   * account's own address. False when there is nothing to verify.
   */
  async resendVerification(viewer: Viewer): Promise<boolean> {
    const account = signedIn(viewer);
    await this.limiter.hit(ACCOUNT_CHANGE_LIMIT, `account:${account.accountId}`);
    if (!(await this.verificationAddress(account.accountId))) return false;
    await this.db.transaction().execute(async (trx) => {
      await repo.retireTokens(trx, account.accountId, "email_verification", this.now());
      await this.events.publish(trx, { type: "account.email_verification_requested", accountId: account.accountId });
    });
    return true;
  }

  /** Takes the address off the account (with any waiting one), after checking the password. */
  async removeEmail(viewer: Viewer, input: { password: string }): Promise<void> {
    const account = signedIn(viewer);
    await this.limiter.hit(ACCOUNT_CHANGE_LIMIT, `account:${account.accountId}`);
    await this.checkCurrentPassword(account.accountId, input.password);
    await this.db.transaction().execute(async (trx) => {
      await repo.clearEmail(trx, account.accountId);
      await repo.retireTokens(trx, account.accountId, "email_verification", this.now());
      await repo.retireTokens(trx, account.accountId, "password_reset", this.now());
    });
  }

  /**
   * Follows a verification link: the address it was sent to becomes the account's,
   * verified. Works without signing in (the link is the proof); once only.
   */
  async verifyEmail(token: string, clientKey: string): Promise<{ email: string }> {
    await this.limiter.hit(PASSWORD_RESET_LIMIT, clientKey);
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      const used = token.length <= LIMITS.linkToken ? await repo.useToken(trx, sha256(token), "email_verification", now) : undefined;
      if (!used?.email) throw linkExpired();
      const state = await repo.findEmailState(trx, used.account_id);
      const stillWanted = state && (state.pending_email === used.email || (state.email === used.email && state.email_verified_at === null));
      if (!stillWanted) throw linkExpired();
      await repo.setVerifiedEmail(trx, used.account_id, used.email, now);
      return { email: used.email };
    });
  }

  /** For the mail job: the address waiting for a link (a new one, or one given at sign-up), or null. */
  async verificationAddress(accountId: string): Promise<string | null> {
    const state = await repo.findEmailState(this.db, accountId);
    if (!state) return null;
    return state.pending_email ?? (state.email_verified_at === null ? state.email : null);
  }

  /** For the mail job: a new verification link for `address`, if it is still the one waiting. */
  async issueVerificationLink(accountId: string, address: string): Promise<MailLink | null> {
    if ((await this.verificationAddress(accountId)) !== address) return null;
    const state = await repo.findEmailState(this.db, accountId);
    const token = newToken();
    const expires = new Date(this.now().getTime() + VERIFY_LINK_HOURS * 3600 * 1000);
    await repo.insertToken(this.db, { token_hash: sha256(token), account_id: accountId, purpose: "email_verification", email: address, expires_at: expires });
    return { to: address, username: state!.username, token, locale: state!.locale };
  }

  // ——— Forgot password ———

  /**
   * "Forgot password": queues a job that mails a reset link to each account the
   * username or verified address names. The same work and the same answer whether or
   * not any does: one lookup, one job (with no ids when none).
   */
  async requestPasswordReset(login: string, clientKey: string): Promise<void> {
    const typed = login.trim();
    if (typed === "") throw invalid("login", msg("problem.account.loginEmpty"));
    if (typed.length > LIMITS.email) throw invalid("login", msg("problem.atMostCharacters", { max: String(LIMITS.email) }));
    const unsafe = unsafeTextProblem(typed);
    if (unsafe) throw invalid("login", unsafe);
    await this.limiter.hit(PASSWORD_RESET_REQUEST_LIMIT, clientKey);
    await this.limiter.hit(PASSWORD_RESET_REQUEST_LIMIT, loginKey(typed));
    await this.db.transaction().execute(async (trx) => {
      const accountIds = await repo.findAccountsForReset(trx, typed);
      await this.events.publish(trx, { type: "account.password_reset_requested", accountIds });
    });
  }

  /** For the mail job: the verified address a reset link may go to, or null. */
  async resetAddress(accountId: string): Promise<string | null> {
    const state = await repo.findEmailState(this.db, accountId);
    return state?.email && state.email_verified_at !== null ? state.email : null;
  }

  /** For the mail job: a new reset link, when the account still has a verified address. */
  async issueResetLink(accountId: string): Promise<MailLink | null> {
    const state = await repo.findEmailState(this.db, accountId);
    if (!state?.email || state.email_verified_at === null) return null;
    const token = newToken();
    const expires = new Date(this.now().getTime() + RESET_LINK_MINUTES * 60 * 1000);
    await repo.insertToken(this.db, { token_hash: sha256(token), account_id: accountId, purpose: "password_reset", email: state.email, expires_at: expires });
    return { to: state.email, username: state.username, token, locale: state.locale };
  }

  /** Whether a reset link can still be used (the page asking for the new password says so before the person types one). */
  async resetLinkUsable(token: string): Promise<boolean> {
    return token.length > 0 && token.length <= LIMITS.linkToken && repo.tokenUsable(this.db, sha256(token), "password_reset", this.now());
  }

  /** Sets a new password with a reset link; the link and every other one stop working, and every session ends. */
  async resetWithLink(token: string, newPassword: string, clientKey: string): Promise<{ endedSessions: number }> {
    await this.limiter.hit(PASSWORD_RESET_LIMIT, clientKey);
    const now = this.now();
    const passwordHash = await hash(newPassword);
    return this.db.transaction().execute(async (trx) => {
      const used = token.length <= LIMITS.linkToken ? await repo.useToken(trx, sha256(token), "password_reset", now) : undefined;
      if (!used) throw linkExpired();
      const state = await repo.findEmailState(trx, used.account_id);
      if (!state) throw linkExpired();
      checkPassword(newPassword, state.username, "newPassword"); // throwing rolls the use of the link back
      return this.setNewPassword(trx, used.account_id, passwordHash, now);
    });
  }

  /** Sets a new password with a recovery code (which is then used up); every session ends. */
  async resetWithRecoveryCode(input: { username: string; code: string; newPassword: string }, clientKey: string): Promise<{ endedSessions: number }> {
    const username = input.username.trim();
    // Checked against what was typed, before the lookup: the answer is the same whether or not the account exists.
    checkPassword(input.newPassword, username, "newPassword");
    await this.limiter.hit(PASSWORD_RESET_LIMIT, clientKey);
    await this.limiter.hit(PASSWORD_RESET_LIMIT, loginKey(username));
    const accountId = await repo.findActiveAccountIdByUsername(this.db, username);
    if (!accountId) {
      await verify(await UNKNOWN_HASH, input.newPassword); // about the time the real path takes to hash
      throw wrongRecoveryCode();
    }
    const passwordHash = await hash(input.newPassword);
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      const code = normalisePasswordRecoveryCode(input.code);
      if (!code || !(await repo.useRecoveryCode(trx, accountId, hashPasswordRecoveryCode(accountId, code), now))) throw wrongRecoveryCode();
      return this.setNewPassword(trx, accountId, passwordHash, now);
    });
  }

  private async setNewPassword(trx: Db, accountId: string, passwordHash: string, now: Date): Promise<{ endedSessions: number }> {
    await repo.setPasswordHash(trx, accountId, passwordHash);
    await repo.retireTokens(trx, accountId, "password_reset", now);
    return { endedSessions: await endOtherSessions(trx, accountId, undefined) };
  }

  // ——— Recovery codes ———

  async recoveryCodesLeft(viewer: Viewer): Promise<number> {
    return repo.countUnusedRecoveryCodes(this.db, signedIn(viewer).accountId);
  }

  /** Makes new recovery codes (shown once) after checking the password; the old ones stop working. */
  async newRecoveryCodes(viewer: Viewer, input: { password: string }): Promise<{ recoveryCodes: string[] }> {
    const account = signedIn(viewer);
    await this.limiter.hit(ACCOUNT_CHANGE_LIMIT, `account:${account.accountId}`);
    await this.checkCurrentPassword(account.accountId, input.password);
    const { codes, hashes } = newPasswordRecoveryCodes(account.accountId);
    await repo.replaceRecoveryCodes(this.db, account.accountId, hashes);
    return { recoveryCodes: codes };
  }

  private async checkCurrentPassword(accountId: string, password: string) {
    const passwordHash = await repo.findPasswordHash(this.db, accountId);
    if (!passwordHash) throw notSignedIn();
    if (!password || !(await verify(passwordHash, password))) {
      throw new AppError("wrong_password", 400, msg("error.account.wrongPassword"), { password: msg("problem.account.notCurrentPassword") });
    }
  }
}
