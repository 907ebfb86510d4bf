/**
 * Who is looking. Built once per request from the session; services and policies
 * decide everything from it. A guest has no account.
 */
import type { AccountId, PersonaId } from "./ids.ts";
import type { PersonaKind } from "../db/schema.ts";

export type ViewerPersona = {
  id: PersonaId;
  kind: PersonaKind;
  displayName: string;
  isCarer: boolean;
  specialty: string | null;
  /** An anonymous clinician persona's vocabulary key (src/personas/capacities.ts). */
  capacity?: string | null;
  verifiedUntil: string | null;
  /** From when a clinician persona's badge holds (null: since it was made). */
  verifiedFrom?: string | null;
};

export type SignedInViewer = {
  kind: "account";
  accountId: AccountId;
  username: string;
  isAdmin: boolean;
  /** May review clinician verifications (admins delegate this). */
  isVerifier: boolean;
  /** Any of the account's personas is flagged as someone who looks after another person. */
  isCarer: boolean;
  /** Has an approved, unexpired clinician verification. */
  isVerifiedClinician: boolean;
  /** The language the account chose to read Hearth in; null or absent: as the browser asks. */
  locale?: string | null;
  personas: ViewerPersona[];
  /**
   * Two-step sign-in: "active" when the account has it on; "missing" when the host
   * requires it (HEARTH_REQUIRE_2FA) for this account's roles and it is off, so
   * privileged actions are refused until it is set up; "not_needed" otherwise.
   */
  secondFactor: SecondFactorState;
};

export type SecondFactorState = "active" | "missing" | "not_needed";

export type Viewer = { kind: "guest" } | SignedInViewer;

export const GUEST: Viewer = { kind: "guest" };

export function isSignedIn(viewer: Viewer): viewer is SignedInViewer {
  return viewer.kind === "account";
}
