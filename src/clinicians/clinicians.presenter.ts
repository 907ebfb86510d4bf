/**
 * Verification applications as the applicant and as reviewers see them. The
 * registration details are seen only by the applicant and the reviewers; they never
 * appear beside a persona.
 */
import type { VerificationRow } from "./clinicians.repo.ts";

export type VerificationView = {
  id: string;
  status: "pending" | "approved" | "rejected" | "expired";
  profession: string;
  register: string;
  registrationNumber: string;
  specialty: string;
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
    evidence: row.evidence,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
  };
}

export type ReviewView = VerificationView & { applicant: { username: string } };

export function presentForReview(row: VerificationRow & { applicant_username: string }): ReviewView {
  return { ...presentVerification(row), applicant: { username: row.applicant_username } };
}
