/**
 * The professional registers a clinician can be on, and what their numbers look
 * like, so a typing mistake is caught before a verifier spends time on it.
 */
import type { ClinicalRegister } from "../db/schema.ts";

export const REGISTERS: Record<ClinicalRegister, { name: string; pattern: RegExp; example: string; search: string | null }> = {
  GMC: { name: "General Medical Council", pattern: /^\d{7}$/, example: "7 digits, such as 1234567", search: "https://www.gmc-uk.org/registration-and-licensing/the-medical-register" },
  NMC: { name: "Nursing and Midwifery Council", pattern: /^\d{2}[A-Z]\d{4}[A-Z]$/, example: "a PIN such as 12A3456E", search: "https://www.nmc.org.uk/registration/search-the-register/" },
  HCPC: { name: "Health and Care Professions Council", pattern: /^[A-Z]{2}\d{4,6}$/, example: "two letters and digits, such as PH123456", search: "https://www.hcpc-uk.org/check-the-register/" },
  GDC: { name: "General Dental Council", pattern: /^\d{1,6}$/, example: "up to 6 digits", search: "https://olr.gdc-uk.org/searchregister" },
  GPhC: { name: "General Pharmaceutical Council", pattern: /^\d{7}$/, example: "7 digits", search: "https://www.pharmacyregulation.org/registers" },
  other: { name: "Another register", pattern: /^[A-Za-z0-9 ./-]{2,40}$/, example: "letters, digits, spaces, dots, slashes or hyphens", search: null },
};

/** The register's own public search, where a reviewer checks the name and number (none for "another register"). */
export function registerSearchUrl(register: ClinicalRegister): string | null {
  return REGISTERS[register]?.search ?? null;
}

/** Normalises a registration number, or returns null when it cannot be one on that register. */
export function normaliseRegistration(register: ClinicalRegister, number: string): string | null {
  const cleaned = register === "other" ? number.trim() : number.replace(/\s+/g, "").toUpperCase();
  return REGISTERS[register].pattern.test(cleaned) ? cleaned : null;
}
