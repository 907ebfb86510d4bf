/** The charter form filled in as a person would, for the tests of the pages that start and edit a community. */
import { randomBytes } from "node:crypto";

const newSlug = () => `c-${randomBytes(4).toString("hex")}`;

/** A filled-in "Start a community" form. */
export const charterFormFields = (overrides: Record<string, string> = {}) => ({
  slug: newSlug(),
  name: "Living with bronchiectasis",
  purpose: "A place to share how you get through the days.",
  visibility: "public",
  joinPolicy: "open",
  conditions: "Bronchiectasis | J47 | icd-10\nChronic cough",
  rules: "Be kind.\nNo selling.",
  funding: "Two volunteers pay for the server.",
  businessModel: "None.",
  dataUse: "Kept on this server. Never sold.",
  conflictsOfInterest: "None.",
  ...overrides,
});
