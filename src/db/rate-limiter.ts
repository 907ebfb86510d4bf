/**
 * Sliding-window rate limits kept in the database, so every web process behind a
 * load balancer counts the same hits. Used where guessing is the threat: sign-in,
 * sign-up, second factors, password changes, flags.
 *
 * Each try let through is one row; a try is refused when `limit` tries were let through
 * in the last `windowSeconds`, so no stretch of that length ever holds more than `limit`
 * (fixed windows let twice the limit through across a window's edge). See ADR 25.
 */
import type { Db } from "./connection.ts";
import { RateLimitedError, type RateLimitRule } from "../shared/rate-limits.ts";

/** Rows older than this are of no window's concern (the longest is an hour). */
const KEEP_MS = 24 * 3600 * 1000;

/** Seconds until the oldest try in the window leaves it, when one more is let through. */
function retryAfterSeconds(rule: RateLimitRule, oldest: Date | null, now: Date): number {
  const frees = (oldest ?? now).getTime() + rule.windowSeconds * 1000;
  return Math.max(1, Math.ceil((frees - now.getTime()) / 1000));
}

export class RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly enabled: boolean,
  ) {}

  /** Counts one attempt for `subject` (an IP address or a username); throws RateLimitedError past the limit. */
  async hit(rule: RateLimitRule, subject: string, now = new Date()): Promise<void> {
    if (!this.enabled) return;
    const key = `${rule.name}:${subject}`;
    // Recorded first and counted after, so two processes trying at once cannot both slip under
    // the limit: each sees the other's row, and at worst both are refused.
    const id = await recordRateLimitHit(this.db, key, now);
    const earlier = await rateLimitHitsSince(this.db, key, windowStart(rule, now), now, id);
    if (earlier.count >= rule.limit) {
      await forgetRateLimitHit(this.db, id); // a refused try does not count: it would lengthen the wait without end
      throw new RateLimitedError(retryAfterSeconds(rule, earlier.oldest, now), now);
    }
    if (earlier.count === 0 && Math.random() < 0.05) await deleteOldRateLimitHits(this.db, new Date(now.getTime() - KEEP_MS));
  }

  /**
   * Refuses when `subject` has already used up the window, without counting this try.
   * Sign-in checks first and counts only failures (with hit), so people signing in
   * correctly from one shared address (a hospital, a library) never lock each other out.
   */
  async check(rule: RateLimitRule, subject: string, now = new Date()): Promise<void> {
    if (!this.enabled) return;
    const earlier = await rateLimitHitsSince(this.db, `${rule.name}:${subject}`, windowStart(rule, now), now);
    if (earlier.count >= rule.limit) throw new RateLimitedError(retryAfterSeconds(rule, earlier.oldest, now), now);
  }

  /**
   * Counts one try for `subject` without refusing it: for limits that count only what
   * succeeded (sign-up counts accounts created, after `check` let the try through).
   */
  async record(rule: RateLimitRule, subject: string, now = new Date()): Promise<void> {
    if (!this.enabled) return;
    await recordRateLimitHit(this.db, `${rule.name}:${subject}`, now);
  }
}

/** The window ends now and reaches back `windowSeconds`: a try exactly that old has left it. */
function windowStart(rule: RateLimitRule, now: Date): Date {
  return new Date(now.getTime() - rule.windowSeconds * 1000);
}

/** Records a try let through for `key` at `at`; returns its id, so a try found over the limit can be taken back. */
async function recordRateLimitHit(db: Db, key: string, at: Date): Promise<string> {
  const row = await db.insertInto("rate_limit_hits").values({ key, at }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** Takes back a recorded try (it was over the limit, so it does not count). */
async function forgetRateLimitHit(db: Db, id: string): Promise<void> {
  await db.deleteFrom("rate_limit_hits").where("id", "=", id).execute();
}

/**
 * The tries for `key` after `since` up to `until`, oldest first, other than `except`:
 * how many there are, and when the oldest was (when it leaves the window, a try is free again).
 */
async function rateLimitHitsSince(db: Db, key: string, since: Date, until: Date, except?: string): Promise<{ count: number; oldest: Date | null }> {
  let query = db
    .selectFrom("rate_limit_hits")
    .select((eb) => [eb.fn.countAll<string>().as("count"), eb.fn.min("at").as("oldest")])
    .where("key", "=", key)
    .where("at", ">", since)
    .where("at", "<=", until);
  if (except !== undefined) query = query.where("id", "!=", except);
  const row = await query.executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest === null ? null : new Date(row.oldest) };
}

/** Removes tries older than `before` (older than any window). */
async function deleteOldRateLimitHits(db: Db, before: Date) {
  await db.deleteFrom("rate_limit_hits").where("at", "<", before).execute();
}
