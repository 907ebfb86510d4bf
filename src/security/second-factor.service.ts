/**
 * Two-step sign-in: setting up an authenticator app, recovery codes, turning it off,
 * and checking the second step when someone signs in. Every code works once: an app
 * code's time step is remembered, a recovery code is marked used.
 */
import { createHash, randomBytes } from "node:crypto";
import { verify } from "@node-rs/argon2";
import type { Db } from "../db/connection.ts";
import { RateLimiter } from "../db/rate-limiter.ts";
import { SIGN_IN_LIMIT, type RateLimitRule } from "../shared/rate-limits.ts";
import { AppError, forbidden, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import type { AccountId } from "../shared/ids.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import type { SecondFactorProof } from "../shared/second-factor.ts";
import type { SessionsService } from "../accounts/sessions.service.ts";
import * as repo from "./second-factor.repo.ts";
import {
  hashRecoveryCode,
  matchingTimeStep,
  newRecoveryCode,
  newTotpSecret,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
  totpKeyUri,
} from "./totp.ts";

export type { SecondFactorProof } from "../shared/second-factor.ts";

export type SecondFactorStatus = { enabled: boolean; recoveryCodesLeft: number; required: boolean; settingUp: boolean };
export type Enrolment = { secret: string; otpauthUri: string };

/** Codes checked for one account, whichever way they come (sign-in, setup, turning off). */
export const SECOND_FACTOR_LIMIT: RateLimitRule = { name: "second-factor", limit: 10, windowSeconds: 60 * 60 };
const PENDING_SIGN_IN_MINUTES = 10;
const PENDING_SIGN_IN_ATTEMPTS = 5;

const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");

export class SecondFactorService {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly db: Db,
    rateLimits: boolean,
    private readonly options: { requiredByHost: boolean; issuer: string },
    private readonly sessions: SessionsService,
  ) {
    this.limiter = new RateLimiter(db, rateLimits);
  }

  /** HEARTH_REQUIRE_2FA: the host requires two-step sign-in for privileged roles. */
  get requiredByHost(): boolean {
    return this.options.requiredByHost;
  }

  async status(viewer: Viewer): Promise<SecondFactorStatus> {
    const account = signedIn(viewer);
    const row = await repo.findSecondFactor(this.db, account.accountId);
    const enabled = Boolean(row?.secret);
    return {
      enabled,
      recoveryCodesLeft: enabled ? await repo.countUnusedRecoveryCodes(this.db, account.accountId) : 0,
      required: await this.requiredFor(account.accountId),
      settingUp: Boolean(row?.pending_secret),
    };
  }

  /**
   * Starts setting up an authenticator: a new key, not yet in force. When one is on
   * already (moving to a new phone), the password and a current code are needed too,
   * so that a borrowed session cannot take over the account's second factor.
   */
  async start(viewer: Viewer, reauth?: { password?: string | undefined } & SecondFactorProof): Promise<Enrolment> {
    const account = signedIn(viewer);
    const current = await repo.findSecondFactor(this.db, account.accountId);
    if (current?.secret) {
      if (!reauth?.password || !(reauth.code || reauth.recoveryCode)) {
        throw new AppError(
          "second_factor_on",
          409,
          msg("error.security.alreadyOn"),
          { ...(reauth?.password ? {} : { password: msg("problem.security.enterPassword") }), ...(reauth?.code || reauth?.recoveryCode ? {} : { code: msg("problem.security.enterCurrentCode") }) },
        );
      }
      await this.checkPasswordAndCode(account.accountId, reauth.password, reauth);
    }
    const secret = newTotpSecret();
    await repo.savePendingSecret(this.db, account.accountId, secret);
    return { secret, otpauthUri: totpKeyUri(this.options.issuer, account.username, secret) };
  }

  /** The key being set up, to show again (the setup page reloads); null when none is. */
  async pendingEnrolment(viewer: Viewer): Promise<Enrolment | null> {
    const account = signedIn(viewer);
    const row = await repo.findSecondFactor(this.db, account.accountId);
    if (!row?.pending_secret) return null;
    return { secret: row.pending_secret, otpauthUri: totpKeyUri(this.options.issuer, account.username, row.pending_secret) };
  }

  /**
   * Turns the new key on with a code from it, and returns ten fresh recovery codes
   * (shown once). Every other session of the account ends with it (turning it on, or
   * moving to a new phone with new codes): a session someone else opened before
   * does not get to skip the step. `keepToken` is the session doing it, kept.
   */
  async confirm(viewer: Viewer, code: string, keepToken?: string | null): Promise<{ recoveryCodes: string[]; endedSessions: number }> {
    const account = signedIn(viewer);
    await this.limiter.hit(SECOND_FACTOR_LIMIT, `account:${account.accountId}`);
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const endedSessions = await this.db.transaction().execute(async (trx) => {
      const row = await repo.findSecondFactor(trx, account.accountId);
      if (!row?.pending_secret) {
        throw new AppError("not_setting_up", 409, msg("error.security.notSettingUp"));
      }
      const step = matchingTimeStep(row.pending_secret, code);
      if (step === null) {
        throw new AppError(
          "wrong_second_factor",
          400,
          msg("error.security.setupCodeWrong"),
          { code: msg("problem.security.setupCodeWrong") },
        );
      }
      if (!(await repo.activatePendingSecret(trx, account.accountId, row.pending_secret, step))) {
        throw new AppError("not_setting_up", 409, msg("error.security.setupChanged"));
      }
      await repo.replaceRecoveryCodes(trx, account.accountId, recoveryCodes.map((c) => hashRecoveryCode(account.accountId, c)));
      return this.sessions.endOtherSessions(account.accountId, keepToken, trx);
    });
    return { recoveryCodes, endedSessions };
  }

  /**
   * Turns two-step sign-in off: needs the password and a code, and is refused while
   * the host requires it. Every other session ends too: a change to how the account
   * signs in is a moment to make sure only its owner is in (`keepToken` stays).
   */
  async turnOff(viewer: Viewer, input: { password: string } & SecondFactorProof, keepToken?: string | null): Promise<{ endedSessions: number }> {
    const account = signedIn(viewer);
    const row = await repo.findSecondFactor(this.db, account.accountId);
    if (!row?.secret) throw new AppError("second_factor_off", 409, msg("error.security.alreadyOff"));
    if (await this.requiredFor(account.accountId)) {
      throw forbidden(
        msg("error.security.requiredStaysOn"),
      );
    }
    await this.checkPasswordAndCode(account.accountId, input.password, input);
    const endedSessions = await this.db.transaction().execute(async (trx) => {
      await repo.deleteSecondFactor(trx, account.accountId);
      return this.sessions.endOtherSessions(account.accountId, keepToken, trx);
    });
    return { endedSessions };
  }

  /**
   * The second step of a sign-in whose password was right. Does nothing for an
   * account without two-step sign-in; otherwise throws 401 unless the proof is good.
   */
  async checkAtSignIn(accountId: AccountId, proof: SecondFactorProof): Promise<void> {
    const row = await repo.findSecondFactor(this.db, accountId);
    if (!row?.secret) return;
    if (!proof.code?.trim() && !proof.recoveryCode?.trim()) {
      throw new AppError(
        "second_factor_required",
        401,
        msg("error.security.codeRequired"),
        { code: msg("problem.security.enterCode") },
      );
    }
    await this.limiter.hit(SECOND_FACTOR_LIMIT, `account:${accountId}`);
    if (!(await this.useProof(accountId, row.secret, proof))) throw wrongCodeAtSignIn();
  }

  async isOn(accountId: AccountId): Promise<boolean> {
    return Boolean((await repo.findSecondFactor(this.db, accountId))?.secret);
  }

  /** Keeps "password was right, code to come" on the server; the browser holds only a random handle. */
  async beginPendingSignIn(accountId: AccountId): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await repo.insertPendingSignIn(this.db, {
      token_hash: sha256(token),
      account_id: accountId,
      expires_at: new Date(Date.now() + PENDING_SIGN_IN_MINUTES * 60 * 1000),
    });
    return token;
  }

  /** Whether a pending sign-in is still there to finish. */
  async hasPendingSignIn(token: string | undefined): Promise<boolean> {
    return Boolean(token && token.length <= 100 && (await repo.findPendingSignIn(this.db, sha256(token))));
  }

  /**
   * Finishes a pending sign-in with a code: the account to open a session for. Wrong
   * codes count against the sign-in rate limits, and a few of them end the pending sign-in.
   */
  async finishPendingSignIn(token: string | undefined, proof: SecondFactorProof, clientKey: string): Promise<AccountId> {
    const tokenHash = token && token.length <= 100 ? sha256(token) : null;
    const pending = tokenHash ? await repo.findPendingSignIn(this.db, tokenHash) : undefined;
    if (!tokenHash || !pending) {
      throw new AppError("sign_in_expired", 401, msg("error.security.signInExpired"));
    }
    // As with passwords, only wrong codes count against the sign-in limits.
    const subjects = [clientKey, `user:${pending.username.toLowerCase()}`];
    for (const subject of subjects) await this.limiter.check(SIGN_IN_LIMIT, subject);
    const accountId = pending.account_id as AccountId;
    try {
      await this.checkAtSignIn(accountId, proof);
    } catch (error) {
      for (const subject of subjects) await this.limiter.hit(SIGN_IN_LIMIT, subject);
      if ((await repo.countPendingSignInAttempt(this.db, tokenHash)) >= PENDING_SIGN_IN_ATTEMPTS) {
        await repo.deletePendingSignIn(this.db, tokenHash);
        throw new AppError("sign_in_expired", 401, msg("error.security.tooManyCodes"));
      }
      throw error;
    }
    await repo.deletePendingSignIn(this.db, tokenHash);
    return accountId;
  }

  private async requiredFor(accountId: string): Promise<boolean> {
    return this.options.requiredByHost && (await repo.holdsPrivilegedRole(this.db, accountId));
  }

  private async checkPasswordAndCode(accountId: AccountId, password: string, proof: SecondFactorProof): Promise<void> {
    await this.limiter.hit(SECOND_FACTOR_LIMIT, `account:${accountId}`);
    const passwordHash = await repo.findPasswordHash(this.db, accountId);
    if (!passwordHash || !(await verify(passwordHash, password))) {
      throw new AppError("wrong_password", 400, msg("error.security.wrongPassword"), { password: msg("problem.security.wrongPassword") });
    }
    const row = await repo.findSecondFactor(this.db, accountId);
    if (!row?.secret || !(await this.useProof(accountId, row.secret, proof))) {
      throw new AppError("wrong_second_factor", 400, msg("error.security.codeDidNotWork"), {
        code: msg("problem.security.codeDidNotWorkWait"),
      });
    }
  }

  /** Uses up an app code (its time step) or a recovery code; false when neither is good. Callers count the attempt first. */
  private async useProof(accountId: AccountId, secret: string, proof: SecondFactorProof): Promise<boolean> {
    if (proof.recoveryCode?.trim()) {
      const normalised = normaliseRecoveryCode(proof.recoveryCode);
      return normalised.length > 0 && (await repo.useRecoveryCode(this.db, accountId, hashRecoveryCode(accountId, normalised)));
    }
    const step = matchingTimeStep(secret, proof.code ?? "");
    return step !== null && (await repo.claimTimeStep(this.db, accountId, secret, step));
  }
}

function signedIn(viewer: Viewer): SignedInViewer {
  if (!isSignedIn(viewer)) throw notSignedIn();
  return viewer;
}

function wrongCodeAtSignIn() {
  return new AppError(
    "wrong_second_factor",
    401,
    msg("error.security.codeDidNotWorkAtSignIn"),
    { code: msg("problem.security.codeDidNotWork") },
  );
}
