/** Who may review clinician verifications. */
import { isSignedIn, type Viewer } from "../shared/viewer.ts";

/** Administrators, and the verifiers they delegate to. */
export function canReviewVerifications(viewer: Viewer): boolean {
  return isSignedIn(viewer) && (viewer.isAdmin || viewer.isVerifier);
}

/** Nobody reviews their own application: a second person always looks. */
export function canDecide(viewer: Viewer, applicantAccountId: string): boolean {
  return canReviewVerifications(viewer) && isSignedIn(viewer) && viewer.accountId !== applicantAccountId;
}

export function canDelegateVerifiers(viewer: Viewer): boolean {
  return isSignedIn(viewer) && viewer.isAdmin;
}
