/**
 * Password recovery codes: what they look like, and the only form in which they are
 * kept. They are not the two-step sign-in recovery codes (src/security): those stand in
 * for the phone, these for the password (ADR 29).
 */
import { createHash, randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

export const PASSWORD_RECOVERY_CODE_COUNT = 10;

/** 16 letters and digits (80 random bits) in groups of four, e.g. "k3xq-7mnd-a2pw-9rtv". */
export function newPasswordRecoveryCode(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(10)).slice(0, 16).match(/.{4}/g)!.join("-");
}

/** What is compared: lower case, without the spaces and dashes people add or leave out. */
export const normalisePasswordRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * Only this hash is stored. The account id is mixed in (one guess never fits two
 * accounts), and a purpose prefix, so a hash here never equals a two-step one.
 */
export const hashPasswordRecoveryCode = (accountId: string, code: string) =>
  createHash("sha256").update(`password-recovery:${accountId}:${normalisePasswordRecoveryCode(code)}`).digest("hex");

/** A new set of codes and their hashes. */
export function newPasswordRecoveryCodes(accountId: string): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: PASSWORD_RECOVERY_CODE_COUNT }, newPasswordRecoveryCode);
  return { codes, hashes: codes.map((code) => hashPasswordRecoveryCode(accountId, code)) };
}
