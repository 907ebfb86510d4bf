/**
 * Two-step sign-in as a rule of the host. With HEARTH_REQUIRE_2FA on, accounts that
 * can change what others see or do — administrators, verifiers, community owners and
 * moderators, verified clinicians — must have it on before they use those powers.
 * Reading what any member may read, posting in one's own name and setting up two-step
 * sign-in stay open, so nobody is locked out of the place where they would set it up.
 * Reading what only the role opens (a flag queue, requests to join, others' edit
 * history, a carers' space or hidden words opened to moderators, the admin views) is
 * a use of the role too, and is closed the same way (ADR 23).
 */
import { AppError } from "./errors.ts";
import { msg } from "./i18n/message.ts";
import { isSignedIn, type SecondFactorState, type Viewer } from "./viewer.ts";

/** What a person gives as the second step: a code from their app, or a recovery code. */
export type SecondFactorProof = { code?: string | undefined; recoveryCode?: string | undefined };

export const SECURITY_SETTINGS_PATH = "/settings/security";
/** Changing the password: a page of the security settings (its form belongs to accounts, whose API body it shares). */
export const PASSWORD_SETTINGS_PATH = `${SECURITY_SETTINGS_PATH}/password`;

/** The viewer's state, worked out once when the session is loaded. */
export function secondFactorState(facts: { active: boolean; holdsPrivilegedRole: boolean; requiredByHost: boolean }): SecondFactorState {
  if (facts.active) return "active";
  return facts.requiredByHost && facts.holdsPrivilegedRole ? "missing" : "not_needed";
}

/**
 * Called by services before a privileged action (administration, moderation, running a
 * community, writing as a clinician): refuses it while the host requires two-step
 * sign-in for this account and it is not on. Sessions opened before it was set up keep
 * working once it is.
 */
export function requireSecondFactorFor(viewer: Viewer): void {
  if (!secondFactorAllows(viewer)) throw secondFactorNeeded();
}

/**
 * Whether the viewer may use what a privileged role opens, reads included: false only
 * while the host requires two-step sign-in of this account and it is not on. Policies
 * ask it where a role widens what someone may read, so the extra read simply is not
 * there (the viewer sees what any member sees) rather than answering differently.
 */
export function secondFactorAllows(viewer: Viewer): boolean {
  return !(isSignedIn(viewer) && viewer.secondFactor === "missing");
}

export function secondFactorNeeded() {
  return new AppError(
    "second_factor_required",
    403,
    msg("error.security.secondFactorNeeded", { path: SECURITY_SETTINGS_PATH }),
  );
}
