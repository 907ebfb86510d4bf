/**
 * What a rate limit is and the error it raises, apart from the limiter that counts
 * tries in the database (src/db/rate-limiter.ts), so pages can show the error without
 * reaching the database.
 */
import { AppError } from "./errors.ts";

// Hearth shows times in UTC, as it shows dates (shared/dates.ts).
const CLOCK = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/**
 * The clock time (UTC, "21:05") from which a try is let through again: `retryAfterSeconds`
 * from `now`, rounded up to the next whole minute so that trying at that time always works.
 */
export function retryClockTime(retryAfterSeconds: number, now = new Date()): string {
  const at = Math.ceil((now.getTime() + retryAfterSeconds * 1000) / 60_000) * 60_000;
  return CLOCK.format(new Date(at));
}

export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    now = new Date(),
  ) {
    super("rate_limited", 429, `Too many tries. Please try again after ${retryClockTime(retryAfterSeconds, now)} UTC.`);
  }
}

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export const SIGN_IN_LIMIT: RateLimitRule = { name: "sign-in", limit: 10, windowSeconds: 15 * 60 };
export const SIGN_UP_LIMIT: RateLimitRule = { name: "sign-up", limit: 5, windowSeconds: 60 * 60 };
