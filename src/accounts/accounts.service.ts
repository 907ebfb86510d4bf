/**
 * Sign-up, sign-in and sessions. Minimum personal data: a username and a password;
 * email is optional. Passwords are hashed with argon2id; session tokens are stored
 * only as their SHA-256.
 */
import type { Locale } from "../shared/i18n/locales.ts";
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { Db } from "../db/connection.ts";
import type { EventBus } from "../events/event-bus.ts";
import { AppError, conflict, invalid, invalidFields, notSignedIn } from "../shared/errors.ts";
import { msg, type Said } from "../shared/i18n/message.ts";
import { newId, type AccountId, type PersonaId } from "../shared/ids.ts";
import type { SignedInViewer, Viewer } from "../shared/viewer.ts";
import { GUEST, isSignedIn } from "../shared/viewer.ts";
import * as repo from "./accounts.repo.ts";
import { RateLimiter } from "../db/rate-limiter.ts";
import { SIGN_IN_LIMIT, SIGN_UP_LIMIT } from "../shared/rate-limits.ts";
import { secondFactorState, type SecondFactorProof } from "../shared/second-factor.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import { LIMITS, MIN_PASSWORD_LENGTH } from "../shared/limits.ts";
import { displayNameProblem, normaliseDisplayName, suggestDisplayName } from "./display-names.ts";
import { countOtherSessions, endOtherSessions, sessionTokenHash } from "./sessions.repo.ts";
import { newPasswordRecoveryCodes } from "./recovery-codes.ts";
import { replaceRecoveryCodes } from "./recovery.repo.ts";

const SESSION_DAYS = 30;
/** Accounts looked up in one query by viewersForAccounts (well within a query's parameters). */
const VIEWERS_AT_ONCE = 1000;
export const USERNAME_PATTERN = `^[A-Za-z0-9_]{3,${LIMITS.username}}$`;

export type SignUpInput = { username: string; password: string; email?: string | null; displayName?: string | null; carer?: boolean };
export type Session = { token: string; accountId: AccountId };

const sha256 = sessionTokenHash;

/** Password changes checked for one account (each needs the current password). */
export const PASSWORD_CHANGE_LIMIT = { name: "password-change", limit: 10, windowSeconds: 60 * 60 };

// A hash to verify against when the username is unknown, so timing does not tell
// which usernames exist.
const UNKNOWN_USER_HASH = hash("not a real password, only for timing");

/**
 * The second step of signing in, as accounts needs it. Security's SecondFactorService
 * provides it (passed in by the composition root), so accounts does not depend on
 * security: security depends on accounts for sessions.
 */
export interface SecondStep {
  readonly requiredByHost: boolean;
  checkAtSignIn(accountId: AccountId, proof: SecondFactorProof): Promise<void>;
  isOn(accountId: AccountId): Promise<boolean>;
  beginPendingSignIn(accountId: AccountId): Promise<string>;
  finishPendingSignIn(token: string | undefined, proof: SecondFactorProof, clientKey: string): Promise<AccountId>;
}

export class AccountsService {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    rateLimits: boolean,
    private readonly secondFactor: SecondStep,
    private readonly personas: PersonasService,
  ) {
    this.limiter = new RateLimiter(db, rateLimits);
  }

  /** The id of the account with this username (any case), if there is one: no more of the account leaves accounts. */
  async accountIdOf(username: string): Promise<AccountId | undefined> {
    return (await repo.findAccountByUsername(this.db, username))?.id as AccountId | undefined;
  }

  /**
   * Creates an account with its personal persona, named `displayName` (a generated
   * friendly name when none is given; never the username), and its password recovery
   * codes, returned once (only their hashes are kept). An email given here is not
   * verified: it can reset the password once a link the Account page sends is followed. `clientKey` (the
   * caller's address) feeds the rate limit, which counts only accounts created: a
   * taken username or a bad field is not a try.
   */
  async signUp(input: SignUpInput, clientKey: string, options: { admin?: boolean } = {}): Promise<{ id: AccountId; username: string; recoveryCodes: string[] }> {
    const { username, email, displayName } = checkSignUp(input);
    if (clientKey) await this.limiter.check(SIGN_UP_LIMIT, clientKey);
    const passwordHash = await hash(input.password);
    const id = newId<AccountId>();
    const recovery = newPasswordRecoveryCodes(id);
    try {
      await this.db.transaction().execute(async (trx) => {
        if (await repo.findAccountByUsername(trx, username)) throw usernameTaken();
        await repo.insertAccount(trx, { id, username, email, password_hash: passwordHash, is_admin: options.admin ?? false });
        await this.personas.createPersonal(id, { displayName, isCarer: input.carer ?? false }, trx);
        await replaceRecoveryCodes(trx, id, recovery.hashes);
        await this.events.publish(trx, { type: "account.created", accountId: id });
      });
    } catch (error) {
      // Two sign-ups racing for one name: the unique index decides, the person gets the same sentence.
      if ((error as { code?: string }).code === "23505") throw usernameTaken();
      throw error;
    }
    if (clientKey) await this.limiter.record(SIGN_UP_LIMIT, clientKey);
    return { id, username, recoveryCodes: recovery.codes };
  }

  /**
   * Checks a username and password (and, for an account with two-step sign-in, the
   * code or a recovery code) and opens a session. Every try counts against the rate limits.
   */
  async signIn(username: string, password: string, clientKey: string, proof: SecondFactorProof = {}): Promise<Session> {
    const accountId = await this.checkCredentials(username, password, clientKey);
    await this.secondFactor.checkAtSignIn(accountId, proof);
    return this.openSession(accountId);
  }

  /**
   * The sign-in page's first step: a session at once, or, for an account with two-step
   * sign-in, a pending sign-in to finish with a code (finishSignIn).
   */
  async startSignIn(username: string, password: string, clientKey: string): Promise<{ session: Session } | { pendingSignIn: string }> {
    const accountId = await this.checkCredentials(username, password, clientKey);
    if (await this.secondFactor.isOn(accountId)) return { pendingSignIn: await this.secondFactor.beginPendingSignIn(accountId) };
    return { session: await this.openSession(accountId) };
  }

  /** The second step of a sign-in begun with startSignIn. */
  async finishSignIn(pendingSignIn: string | undefined, proof: SecondFactorProof, clientKey: string): Promise<Session> {
    return this.openSession(await this.secondFactor.finishPendingSignIn(pendingSignIn, proof, clientKey));
  }

  private async checkCredentials(username: string, password: string, clientKey: string): Promise<AccountId> {
    const subjects = [clientKey, `user:${username.trim().toLowerCase()}`];
    for (const subject of subjects) await this.limiter.check(SIGN_IN_LIMIT, subject);
    const account = await repo.findAccountByUsername(this.db, username.trim());
    const ok = account
      ? await verify(account.password_hash, password)
      : (await verify(await UNKNOWN_USER_HASH, password), false);
    if (!account || !ok || account.status !== "active") {
      // Only failures count: correct sign-ins from one shared address never use up its window.
      for (const subject of subjects) await this.limiter.hit(SIGN_IN_LIMIT, subject);
      throw new AppError("wrong_credentials", 401, msg("error.account.wrongCredentials"));
    }
    return account.id as AccountId;
  }

  async openSession(accountId: AccountId): Promise<Session> {
    const token = randomBytes(32).toString("base64url");
    const expires = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
    await repo.insertSession(this.db, { token_hash: sha256(token), account_id: accountId, expires_at: expires });
    return { token, accountId };
  }

  async signOut(token: string): Promise<void> {
    await repo.deleteSession(this.db, sha256(token));
  }

  /**
   * Changes the password after checking the current one, and signs out every other
   * session of the account (and any sign-in waiting for its code): whoever else knew
   * the old password, or holds a session opened with it, is out. `keepToken` is the
   * session making the change, which stays signed in.
   */
  async changePassword(viewer: Viewer, input: { current: string; new: string }, keepToken: string | null | undefined): Promise<{ endedSessions: number }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const account = await repo.findActiveAccountRow(this.db, viewer.accountId);
    if (!account) throw notSignedIn();
    await this.limiter.hit(PASSWORD_CHANGE_LIMIT, `account:${account.id}`);
    if (!(await verify(account.password_hash, input.current))) {
      throw new AppError("wrong_password", 400, msg("error.account.wrongPassword"), { current: msg("problem.account.notCurrentPassword") });
    }
    checkPassword(input.new, account.username, "new");
    const passwordHash = await hash(input.new);
    const endedSessions = await this.db.transaction().execute(async (trx) => {
      await repo.setPasswordHash(trx, account.id, passwordHash);
      return endOtherSessions(trx, account.id, keepToken);
    });
    return { endedSessions };
  }

  /** "Sign out everywhere else": ends every session of the account but `keepToken`'s; says how many it ended. */
  async signOutOtherSessions(viewer: Viewer, keepToken: string | null | undefined): Promise<{ endedSessions: number }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return { endedSessions: await endOtherSessions(this.db, viewer.accountId, keepToken) };
  }

  /** How many other places (browsers, apps) the account is signed in on. */
  async otherSessionCount(viewer: Viewer, keepToken: string | null | undefined): Promise<number> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return countOtherSessions(this.db, viewer.accountId, keepToken);
  }

  /** The viewer behind a session token; a guest when the token is unknown or expired. */
  async viewerForToken(token: string | undefined): Promise<Viewer> {
    if (!token || token.length > 200) return GUEST;
    const account = await repo.findSessionAccount(this.db, sha256(token));
    if (!account) return GUEST;
    return toViewer(account, this.secondFactor.requiredByHost);
  }

  /**
   * The viewer for an account id (the CLI and the demo act as an account without a session).
   * No second factor is asked of them: whoever runs the CLI already holds the server.
   */
  async viewerForAccount(accountId: string): Promise<Viewer> {
    const account = await repo.findActiveAccount(this.db, accountId);
    return account ? toViewer(account, false) : GUEST;
  }

  /**
   * viewerForAccount for many accounts at once (a fan-out of notifications): the viewer of
   * each active one, by account id; an account that is not active has none.
   */
  async viewersForAccounts(accountIds: string[]): Promise<Map<string, SignedInViewer>> {
    const viewers = new Map<string, SignedInViewer>();
    const ids = [...new Set(accountIds)];
    for (let i = 0; i < ids.length; i += VIEWERS_AT_ONCE) {
      for (const account of await repo.findActiveAccounts(this.db, ids.slice(i, i + VIEWERS_AT_ONCE))) viewers.set(account.id, toViewer(account, false));
    }
    return viewers;
  }

  /** Remembers the language the account reads Hearth in, over what its browsers ask for. */
  async setLocale(viewer: Viewer, locale: Locale): Promise<void> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await repo.setLocale(this.db, viewer.accountId, locale);
  }

  /** Makes an administrator, or promotes an existing account (the create-admin command). */
  async createAdmin(username: string, password: string): Promise<{ created: boolean }> {
    const existing = await repo.findAccountByUsername(this.db, username);
    if (existing) {
      if (!(await verify(existing.password_hash, password))) {
        throw new AppError("wrong_credentials", 401, msg("error.account.adminWrongPassword", { username }));
      }
      await repo.setAdmin(this.db, existing.id);
      return { created: false };
    }
    await this.signUp({ username, password }, "", { admin: true });
    return { created: true };
  }
}

function usernameTaken() {
  return conflict("username_taken", msg("error.account.usernameTaken"), "username");
}

/** Every field of a sign-up checked at once: a 400 naming each one that is wrong. */
function checkSignUp(input: SignUpInput): { username: string; email: string | null; displayName: string } {
  const username = input.username.trim();
  const fields: Record<string, Said> = {};
  if (!new RegExp(USERNAME_PATTERN).test(username)) fields.username = msg("problem.account.usernamePattern");
  try {
    checkPassword(input.password, username);
  } catch (error) {
    if (!(error instanceof AppError) || !error.fields) throw error;
    Object.assign(fields, error.saidFieldsOr(error.fields));
  }
  const email = input.email?.trim() || null;
  const badEmail = email === null ? null : emailProblem(email, { optional: true });
  if (badEmail) fields.email = badEmail;
  // Left out, the name is made up; given, it is the person's choice and is checked.
  const displayName = input.displayName === undefined || input.displayName === null ? suggestDisplayName() : input.displayName;
  const nameProblem = displayNameProblem(displayName, username);
  if (nameProblem) fields.displayName = nameProblem;
  // Every field at fault in one 400, as every other service answers (shared/errors.ts).
  if (Object.keys(fields).length > 0) throw invalidFields(fields);
  return { username, email, displayName: normaliseDisplayName(displayName) };
}

/** The problem with an email address as typed (already trimmed), or null when it looks like one. */
export function emailProblem(email: string, { optional = false } = {}): Said | null {
  if (email.length > LIMITS.email) return optional ? msg("problem.email.tooLongOptional", { max: String(LIMITS.email) }) : msg("problem.atMostCharacters", { max: String(LIMITS.email) });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return msg(optional ? "problem.email.notAnAddressOptional" : "problem.email.notAnAddress");
  return null;
}

/** The rules for a new password; throws a 400 naming `field`. */
export function checkPassword(password: string, username: string, field = "password") {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(field, msg("problem.password.tooShort", { min: String(MIN_PASSWORD_LENGTH) }));
  }
  if (password.length > LIMITS.password) throw invalid(field, msg("problem.atMostCharacters", { max: String(LIMITS.password) }));
  if (password.toLowerCase().includes(username.toLowerCase())) {
    throw invalid(field, msg("problem.password.containsUsername"));
  }
}

function toViewer(account: repo.SessionAccount, secondFactorRequiredByHost: boolean): SignedInViewer {
  const personas = account.personas.map((p) => ({
    id: p.id as PersonaId,
    kind: p.kind,
    displayName: p.display_name,
    isCarer: p.is_carer,
    specialty: p.specialty,
    capacity: p.capacity,
    verifiedUntil: p.verified_until,
    verifiedFrom: p.verified_from,
  }));
  return {
    kind: "account",
    accountId: account.id as AccountId,
    username: account.username,
    isAdmin: account.is_admin,
    isVerifier: account.is_verifier,
    locale: account.locale,
    isCarer: personas.some((p) => p.isCarer),
    isVerifiedClinician: account.is_verified_clinician,
    personas,
    secondFactor: secondFactorState({
      active: account.second_factor_active,
      holdsPrivilegedRole: account.holds_privileged_role,
      requiredByHost: secondFactorRequiredByHost,
    }),
  };
}
