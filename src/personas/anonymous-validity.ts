/**
 * When an anonymous clinician persona's badge holds (ADR 20). It rests on the same
 * verification as the named persona's, but must not flip at the same moment, or anyone
 * watching both could pair them: it lapses a random 6 to 72 hours before the
 * verification does, and after a lapse a renewal reaches it a random 6 to 72 hours
 * after the approval. So it never claims more than the verification holds.
 */
import { randomInt } from "node:crypto";

const HOUR = 3_600_000;
export const MIN_OFFSET_MS = 6 * HOUR;
export const MAX_OFFSET_MS = 72 * HOUR;

/** A fresh random offset, drawn for each persona and each event. */
export const randomOffsetMs = () => randomInt(MIN_OFFSET_MS, MAX_OFFSET_MS + 1);

export type BadgeWindow = { verified_from: Date | null; verified_until: Date };

/** Whether a badge window holds at `now`. */
export function windowHolds(window: { verified_from?: Date | string | null; verified_until?: Date | string | null }, now: Date): boolean {
  if (window.verified_until == null || new Date(window.verified_until).getTime() <= now.getTime()) return false;
  return window.verified_from == null || new Date(window.verified_from).getTime() <= now.getTime();
}

/** The window of a new anonymous persona on a verification that holds until `expiresAt`. */
export function newAnonymousWindow(expiresAt: Date, offset = randomOffsetMs): BadgeWindow {
  return { verified_from: null, verified_until: new Date(expiresAt.getTime() - offset()) };
}

/**
 * The window after a (re-)verification approved at `now` until `expiresAt`: a badge that
 * still holds carries on unbroken (nothing flips); a lapsed one comes back later.
 */
export function renewedAnonymousWindow(current: BadgeWindow | { verified_from: Date | null; verified_until: Date | null }, expiresAt: Date, now: Date, offset = randomOffsetMs): BadgeWindow {
  const until = new Date(expiresAt.getTime() - offset());
  if (windowHolds(current, now)) return { verified_from: current.verified_from, verified_until: until };
  return { verified_from: new Date(now.getTime() + offset()), verified_until: until };
}
