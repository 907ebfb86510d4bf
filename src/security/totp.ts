/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: a
 * 20-byte key, six digits, a new code every 30 seconds. Built on @oslojs/otp;
 * we check the time steps ourselves so that the caller learns which step a code
 * belonged to and can refuse it the second time (no replay).
 */
import { createHash, randomBytes } from "node:crypto";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding, encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count, for phones whose clocks are a little out. */
const DRIFT_STEPS = 1;

export const RECOVERY_CODE_COUNT = 10;

/** A new authenticator key, as the base32 text people type into their app. */
export function newTotpSecret(): string {
  return encodeBase32UpperCaseNoPadding(randomBytes(20));
}

/** The otpauth:// address an authenticator app reads (as a QR code or pasted). */
export function totpKeyUri(issuer: string, accountName: string, secret: string): string {
  return createTOTPKeyURI(issuer, accountName, decodeBase32IgnorePadding(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

export const timeStep = (now = Date.now()) => Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);

/** The time step a six-digit code belongs to, within the allowed drift of now; null when it matches none. */
export function matchingTimeStep(secret: string, code: string, now = Date.now()): number | null {
  const digits = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(digits)) return null;
  const key = decodeBase32IgnorePadding(secret);
  const current = timeStep(now);
  let matched: number | null = null;
  // Every candidate is checked (no early return), so the time taken says nothing about which matched.
  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, digits) && matched === null) matched = step;
  }
  return matched;
}

/** Shows a key in groups of four, which is easier to copy by hand. */
export const groupsOfFour = (text: string) => text.match(/.{1,4}/g)?.join(" ") ?? text;

/** A recovery code: 12 letters and digits (60 random bits) in groups of four, e.g. "k3xq-7mnd-a2pw". */
export function newRecoveryCode(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(8)).slice(0, 12).match(/.{4}/g)!.join("-");
}

/** What is compared: lower case, without the spaces and dashes people add or leave out. */
export const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Only this hash is stored; the account id is mixed in so one guess never fits two accounts. */
export const hashRecoveryCode = (accountId: string, code: string) =>
  createHash("sha256").update(`${accountId}:${normaliseRecoveryCode(code)}`).digest("hex");
