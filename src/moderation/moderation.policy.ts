/**
 * Who may moderate, and which action fits which target. Moderation is done by the
 * owners and moderators of the community the target belongs to.
 */
import type { ModerationActionKind, ModerationTargetType } from "../db/schema.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";

/** Actions that reach the member behind the target: recorded in their audit log, refused against oneself. */
export const SANCTIONS: ReadonlySet<ModerationActionKind> = new Set(["warn", "suspend", "unsuspend", "ban"]);

/** What each action can be done to. Sanctions on a post or thread reach its author. */
export const TARGETS_OF: Record<ModerationActionKind, ReadonlySet<ModerationTargetType>> = {
  dismiss: new Set(["post", "thread", "persona"]),
  hide: new Set(["post", "thread"]),
  unhide: new Set(["post", "thread"]),
  warn: new Set(["post", "thread", "persona"]),
  suspend: new Set(["post", "thread", "persona"]),
  unsuspend: new Set(["persona"]),
  ban: new Set(["post", "thread", "persona"]),
};

/** `manages`: whether the viewer's membership runs the community (communities' rule). */
export function canModerate(viewer: Viewer, manages: boolean): boolean {
  return isSignedIn(viewer) && manages;
}

/**
 * A moderator may not sanction a persona of their own account (see
 * docs/adr: moderating without unmasking). Refusing tells them nothing they do not
 * know: the persona is theirs. Sanctioning other moderators' personas is allowed,
 * because refusing it would reveal that the persona belongs to a moderator.
 */
export function mayActOnAccount(viewer: Viewer, targetAccountId: string, action: ModerationActionKind): boolean {
  return !(isSignedIn(viewer) && SANCTIONS.has(action) && viewer.accountId === targetAccountId);
}
