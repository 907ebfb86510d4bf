/**
 * The coding systems a community charter's conditions may name, in both spellings.
 * Shared, because the API schema (src/http/schemas.ts) and the charter check both list them.
 */

/** The coding systems a charter's conditions may name, as Hearth stores them. */
export const CODE_SYSTEMS = ["snomed-ct", "icd-10"] as const;
export type CodeSystem = (typeof CODE_SYSTEMS)[number];

/** The FHIR system URI of each, which clinical systems send; accepted and stored as the short name (ADR 0024). */
export const SYSTEM_URIS = {
  "snomed-ct": "http://snomed.info/sct",
  "icd-10": "http://hl7.org/fhir/sid/icd-10",
} as const satisfies Record<CodeSystem, string>;

/** Every spelling of a system the API and the form accept: the short names, then the FHIR URIs. */
export const ACCEPTED_SYSTEMS = [...CODE_SYSTEMS, SYSTEM_URIS["snomed-ct"], SYSTEM_URIS["icd-10"]] as const;
export type AcceptedSystem = (typeof ACCEPTED_SYSTEMS)[number];
