/**
 * Verifiers decide clinician applications. Manual review by people is the one we
 * have; a register look-up can be added later behind the same interface and either
 * settle an application at once or leave it for a person.
 */
export type Application = { register: string; registrationNumber: string; profession: string; specialty: string };

export type VerifierOutcome = { outcome: "needs_review" } | { outcome: "approved" | "rejected"; reason: string };

export interface Verifier {
  readonly name: string;
  check(application: Application): Promise<VerifierOutcome>;
}

/** Leaves every application for an administrator or a delegated verifier to review. */
export const manualReview: Verifier = {
  name: "manual",
  check: async () => ({ outcome: "needs_review" }),
};
