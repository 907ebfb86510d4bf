/**
 * Verification applications as the applicant and as reviewers see them. The
 * registration details are seen only by the applicant and the reviewers; they never
 * appear beside a persona.
 */
import type { ClinicalRegister } from "../db/schema.ts";
import type { VerificationRow } from "./clinicians.repo.ts";
import { registerSearchUrl } from "./registers.ts";

export type VerificationView = {
  id: string;
  status: "pending" | "approved" | "rejected" | "expired";
  profession: string;
  register: string;
  registrationNumber: string;
  specialty: string;
  /** The name as it appears on the register. */
  registerName: string | null;
  /** An application, or the review of a renamed professional persona's name. */
  purpose: "application" | "name";
  evidence: string | null;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
  /** The re-verification date: after it, the clinician's badges lapse until renewed. */
  expiresAt: string | null;
};

/** An approved verification past its date reads as expired. */
export function statusOf(row: Pick<VerificationRow, "status" | "expires_at">, now = new Date()): VerificationView["status"] {
  if (row.status === "approved" && row.expires_at && row.expires_at.getTime() <= now.getTime()) return "expired";
  return row.status;
}

export function presentVerification(row: VerificationRow): VerificationView {
  return {
    id: row.id,
    status: statusOf(row),
    profession: row.profession,
    register: row.register,
    registrationNumber: row.registration_number,
    specialty: row.specialty,
    registerName: row.register_name,
    purpose: row.purpose,
    evidence: row.evidence,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
  };
}

/**
 * What a reviewer sees: the application, the register's public search to check it on, and
 * the name the applicant's professional persona shows (a reviewer confirms it matches).
 */
export type ReviewView = VerificationView & {
  applicant: { username: string };
  registerSearchUrl: string | null;
  professionalPersona: { name: string; awaitingReview: boolean } | null;
};

export function presentForReview(
  row: VerificationRow & { applicant_username: string; professional_name: string | null; professional_name_review_since: Date | null },
): ReviewView {
  return {
    ...presentVerification(row),
    applicant: { username: row.applicant_username },
    registerSearchUrl: registerSearchUrl(row.register as ClinicalRegister),
    // Only while deciding: confirming the name it shows is part of the decision. Decided lists tie no persona to the account.
    professionalPersona:
      row.status !== "pending" || row.professional_name === null ? null : { name: row.professional_name, awaitingReview: row.professional_name_review_since !== null },
  };
}
