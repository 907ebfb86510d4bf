/** Who may ask to reveal the account behind a persona, and who may decide. */
import { isSignedIn, type Viewer } from "../shared/viewer.ts";

/** Only administrators ask for, decide on and list reveals. */
export function canUseBreakGlass(viewer: Viewer): boolean {
  return isSignedIn(viewer) && viewer.isAdmin;
}

/**
 * The two-person rule: a second, different administrator decides, and never one
 * whose own persona the request is about.
 */
export function canDecide(viewer: Viewer, request: { requester_account_id: string; subject_account_id: string }): boolean {
  return (
    canUseBreakGlass(viewer) &&
    isSignedIn(viewer) &&
    viewer.accountId !== request.requester_account_id &&
    viewer.accountId !== request.subject_account_id
  );
}
