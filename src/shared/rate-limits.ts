/**
 * What a rate limit is and the error it raises, apart from the limiter that counts
 * tries in the database (src/db/rate-limiter.ts), so pages can show the error without
 * reaching the database.
 */
import { AppError } from "./errors.ts";

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", 429, `Too many tries. Please wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`);
  }
}

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export const SIGN_IN_LIMIT: RateLimitRule = { name: "sign-in", limit: 10, windowSeconds: 15 * 60 };
export const SIGN_UP_LIMIT: RateLimitRule = { name: "sign-up", limit: 5, windowSeconds: 60 * 60 };
