/**
 * The verifier the demo seed uses for its one made-up clinician: it approves at once.
 * It is handed only to the demo service (src/composition.ts), so no real application
 * ever reaches it.
 */
import type { Verifier } from "../clinicians/clinicians.service.ts";

export const demoSeedVerifier: Verifier = {
  name: "demo-seed",
  check: async () => ({ outcome: "approved", reason: "Made up for the demo: approved by the demo seed, not by a person." }),
};
