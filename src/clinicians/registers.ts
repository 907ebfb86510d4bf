/**
 * The professional registers a clinician can be on, and what their numbers look
 * like, so a typing mistake is caught before a verifier spends time on it.
 */
import type { ClinicalRegister } from "../db/schema.ts";

export const REGISTERS: Record<ClinicalRegister, { name: string; pattern: RegExp; example: string }> = {
  GMC: { name: "General Medical Council", pattern: /^\d{7}$/, example: "7 digits, such as 1234567" },
  NMC: { name: "Nursing and Midwifery Council", pattern: /^\d{2}[A-Z]\d{4}[A-Z]$/, example: "a PIN such as 12A3456E" },
  HCPC: { name: "Health and Care Professions Council", pattern: /^[A-Z]{2}\d{4,6}$/, example: "two letters and digits, such as PH123456" },
  GDC: { name: "General Dental Council", pattern: /^\d{1,6}$/, example: "up to 6 digits" },
  GPhC: { name: "General Pharmaceutical Council", pattern: /^\d{7}$/, example: "7 digits" },
  other: { name: "Another register", pattern: /^[A-Za-z0-9 ./-]{2,40}$/, example: "letters, digits, spaces, dots, slashes or hyphens" },
};

/** Normalises a registration number, or returns null when it cannot be one on that register. */
export function normaliseRegistration(register: ClinicalRegister, number: string): string | null {
  const cleaned = register === "other" ? number.trim() : number.replace(/\s+/g, "").toUpperCase();
  return REGISTERS[register].pattern.test(cleaned) ? cleaned : null;
}
