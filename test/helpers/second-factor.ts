/**
 * Two-step sign-in in tests: codes computed the way an authenticator app computes
 * them (@oslojs/otp generateTOTP from the key the server handed out), and a clock
 * that tests step on. A code works once per 30-second step, so each new code moves
 * the clock to the next step; the app runs in the same process and sees the same clock.
 */
import { generateTOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { expect, vi } from "vitest";
import type { Member } from "./factories.ts";
import type { TestApp } from "./test-app.ts";

/** Fakes only Date (timers stay real), moving on with real time. Call in beforeAll; undo with vi.useRealTimers(). */
export function useSteppingClock() {
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
}

/** Moves the clock to the next 30-second step and returns the code an app shows then. */
export function nextCode(secret: string): string {
  vi.setSystemTime(Date.now() + 30_000);
  return generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
}

/** A six-digit code that is certainly not the one the app shows now. */
export function wrongCode(secret: string): string {
  const right = Number(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
  return String((right + 500_000) % 1_000_000).padStart(6, "0");
}

/** Turns two-step sign-in on for a member over the API; returns the key and the recovery codes. */
export async function enrolSecondFactor(t: TestApp, member: Member): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await t.request({ method: "POST", url: "/api/v1/me/second-factor", token: member.token });
  expect(started.statusCode, started.body).toBe(201);
  const secret = started.json().secret as string;
  const confirmed = await t.request({ method: "POST", url: "/api/v1/me/second-factor/confirm", token: member.token, payload: { code: nextCode(secret) } });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return { secret, recoveryCodes: confirmed.json().recoveryCodes };
}
