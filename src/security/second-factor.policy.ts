/**
 * Two-step sign-in as a rule of the host. With HEARTH_REQUIRE_2FA on, accounts that
 * can change what others see or do — administrators, verifiers, community owners and
 * moderators, verified clinicians — must have it on before they use those powers.
 * Reading, posting in one's own name and setting up two-step sign-in stay open, so
 * nobody is locked out of the place where they would set it up.
 */
import { AppError } from "../shared/errors.ts";
import { isSignedIn, type SecondFactorState, type Viewer } from "../shared/viewer.ts";

export const SECURITY_SETTINGS_PATH = "/settings/security";

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
  if (isSignedIn(viewer) && viewer.secondFactor === "missing") throw secondFactorNeeded();
}

export function secondFactorNeeded() {
  return new AppError(
    "second_factor_required",
    403,
    `This server asks administrators, community moderators and verified clinicians to use two-step sign-in. Set it up at ${SECURITY_SETTINGS_PATH} (it takes two minutes with an authenticator app), then try again.`,
  );
}
