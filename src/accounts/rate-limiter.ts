/**
 * Fixed-window rate limits kept in the database, so every web process behind a
 * load balancer counts the same hits. Used where guessing is the threat: sign-in
 * and sign-up.
 */
import type { Db } from "../db/connection.ts";
import { AppError } from "../shared/errors.ts";
import { countRateLimitHit, deleteOldRateLimitWindows, rateLimitHits } from "./accounts.repo.ts";

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", 429, `Too many tries. Please wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`);
  }
}

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export const SIGN_IN_LIMIT: RateLimitRule = { name: "sign-in", limit: 10, windowSeconds: 15 * 60 };
export const SIGN_UP_LIMIT: RateLimitRule = { name: "sign-up", limit: 5, windowSeconds: 60 * 60 };

function windowOf(rule: RateLimitRule, now: Date) {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return { windowStart, retryAfter: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)) };
}

export class RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly enabled: boolean,
  ) {}

  /** Counts one attempt for `subject` (an IP address or a username); throws RateLimitedError past the limit. */
  async hit(rule: RateLimitRule, subject: string, now = new Date()): Promise<void> {
    if (!this.enabled) return;
    const { windowStart, retryAfter } = windowOf(rule, now);
    const hits = await countRateLimitHit(this.db, `${rule.name}:${subject}`, windowStart);
    if (hits === 1 && Math.random() < 0.05) {
      await deleteOldRateLimitWindows(this.db, new Date(now.getTime() - 24 * 3600 * 1000));
    }
    if (hits > rule.limit) throw new RateLimitedError(retryAfter);
  }

  /**
   * Refuses when `subject` has already used up the window, without counting this try.
   * Sign-in checks first and counts only failures (with hit), so people signing in
   * correctly from one shared address (a hospital, a library) never lock each other out.
   */
  async check(rule: RateLimitRule, subject: string, now = new Date()): Promise<void> {
    if (!this.enabled) return;
    const { windowStart, retryAfter } = windowOf(rule, now);
    if ((await rateLimitHits(this.db, `${rule.name}:${subject}`, windowStart)) >= rule.limit) throw new RateLimitedError(retryAfter);
  }
}
