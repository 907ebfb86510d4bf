import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { RateLimitedError, retryClockTime, SIGN_IN_LIMIT, SIGN_UP_LIMIT, type RateLimitRule } from "../shared/rate-limits.ts";
import { PASSWORD_RESET_LIMIT, PASSWORD_RESET_REQUEST_LIMIT } from "../accounts/recovery.service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_RATE_LIMITS: "on" } });
});
afterAll(async () => t?.close());

const rule = (name: string): RateLimitRule => ({ name: `${name}-${Math.random().toString(36).slice(2, 8)}`, limit: 3, windowSeconds: 60 });
const password = "correct horse battery staple";
let address = 0;
/** A different caller address for each test, so tests in this file do not share a budget. */
const nextAddress = () => `10.0.${Math.floor(++address / 250)}.${address % 250}`;

async function hits(limiter: RateLimiter, r: RateLimitRule, subject: string, times: number, now?: Date) {
  const outcomes: ("ok" | number)[] = [];
  for (let i = 0; i < times; i++) {
    try {
      await limiter.hit(r, subject, now);
      outcomes.push("ok");
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      outcomes.push(error.retryAfterSeconds);
    }
  }
  return outcomes;
}

describe("the rate limiter", () => {
  it("lets the allowed number of tries through and refuses the next, saying when to come back", async () => {
    const limiter = new RateLimiter(t.database.db, true);
    const r = rule("tries");
    const now = new Date("2030-01-01T10:00:20Z");
    const outcomes = await hits(limiter, r, "ip:1", 5, now);
    expect(outcomes.slice(0, 3)).toEqual(["ok", "ok", "ok"]);
    // The window is one minute long and slides: the first try leaves it a minute after it was made.
    expect(outcomes.slice(3)).toEqual([60, 60]);
  });

  it("counts each subject on its own", async () => {
    const limiter = new RateLimiter(t.database.db, true);
    const r = rule("subjects");
    const now = new Date("2030-01-01T10:00:00Z");
    await hits(limiter, r, "ip:1", 4, now);
    expect(await hits(limiter, r, "ip:2", 3, now)).toEqual(["ok", "ok", "ok"]);
  });

  it("lets no more than the limit through in any window's length, even across the edge of a clock minute", async () => {
    const limiter = new RateLimiter(t.database.db, true);
    const r = rule("edge");
    // A fixed window would have let these six through: three before 10:01:00 and three after.
    expect(await hits(limiter, r, "ip:1", 3, new Date("2030-01-01T10:00:59Z"))).toEqual(["ok", "ok", "ok"]);
    expect(await hits(limiter, r, "ip:1", 3, new Date("2030-01-01T10:01:00Z"))).toEqual([59, 59, 59]);
    expect(await hits(limiter, r, "ip:1", 1, new Date("2030-01-01T10:01:58Z"))).toEqual([1]);
    // A minute after the first three, they have left the window: three more, and no fourth.
    expect(await hits(limiter, r, "ip:1", 4, new Date("2030-01-01T10:01:59Z"))).toEqual(["ok", "ok", "ok", 60]);
  });

  it("frees one try as each earlier one leaves the window", async () => {
    const limiter = new RateLimiter(t.database.db, true);
    const r = rule("slide");
    for (const at of ["10:00:10", "10:00:30", "10:00:50"]) expect(await hits(limiter, r, "ip:1", 1, new Date(`2030-01-01T${at}Z`))).toEqual(["ok"]);
    expect(await hits(limiter, r, "ip:1", 1, new Date("2030-01-01T10:01:05Z"))).toEqual([5]);
    expect(await hits(limiter, r, "ip:1", 2, new Date("2030-01-01T10:01:10Z"))).toEqual(["ok", 20]);
    // A refused try is not counted, so it does not lengthen the wait.
    expect(await hits(limiter, r, "ip:1", 2, new Date("2030-01-01T10:01:30Z"))).toEqual(["ok", 20]);
  });

  it("refuses in check what hit would refuse, without counting the check", async () => {
    const limiter = new RateLimiter(t.database.db, true);
    const r = rule("check");
    const at = (time: string) => new Date(`2030-01-01T${time}Z`);
    for (let i = 0; i < 5; i++) await limiter.check(r, "ip:1", at("10:00:00"));
    expect(await hits(limiter, r, "ip:1", 3, at("10:00:40"))).toEqual(["ok", "ok", "ok"]);
    await expect(limiter.check(r, "ip:1", at("10:01:30"))).rejects.toMatchObject({ retryAfterSeconds: 10 });
    await expect(limiter.check(r, "ip:1", at("10:01:40"))).resolves.toBeUndefined();
  });

  it("shares its counts between processes, because they are kept in the database", async () => {
    const r = rule("shared");
    const now = new Date("2030-01-01T10:00:00Z");
    await hits(new RateLimiter(t.database.db, true), r, "ip:1", 3, now);
    expect(await hits(new RateLimiter(t.database.db, true), r, "ip:1", 1, now)).toEqual([60]);
  });

  it("never refuses when rate limits are turned off", async () => {
    const limiter = new RateLimiter(t.database.db, false);
    const r = rule("off");
    expect(await hits(limiter, r, "ip:1", 6)).toEqual(Array(6).fill("ok"));
  });
});

describe("rate limits on signing in and signing up", () => {
  it("refuses the eleventh sign-in from one address within 15 minutes with 429 and Retry-After", async () => {
    const remoteAddress = nextAddress();
    const username = `rl_${Math.random().toString(36).slice(2, 8)}`;
    const created = await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress, payload: { username, password } });
    expect(created.statusCode).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT.limit; i++) {
      const wrong = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress, payload: { username: `other_${i}_${username}`, password: "wrong password!" } });
      statuses.push(wrong.statusCode);
    }
    expect(statuses).toEqual(Array(SIGN_IN_LIMIT.limit).fill(401));

    // Even the right password is refused now: the limit is what stops guessing.
    const limited = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress, payload: { username, password } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
    const retryAfter = Number(limited.headers["retry-after"]);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMIT.windowSeconds);
    expect(limited.json().token).toBeUndefined();

    // Someone else, from another address, is not held up.
    const elsewhere = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress: nextAddress(), payload: { username, password } });
    expect(elsewhere.statusCode).toBe(200);
  });

  it("never locks out people who sign in correctly from one shared address", async () => {
    const remoteAddress = nextAddress();
    const username = `rl_${Math.random().toString(36).slice(2, 8)}`;
    expect((await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress, payload: { username, password } })).statusCode).toBe(201);
    for (let i = 0; i <= SIGN_IN_LIMIT.limit * 2; i++) {
      const signedIn = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress, payload: { username, password } });
      expect(signedIn.statusCode).toBe(200);
    }
  });

  it("limits guesses at one username even when they come from many addresses", async () => {
    const username = `rl_${Math.random().toString(36).slice(2, 8)}`;
    const created = await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress: nextAddress(), payload: { username, password } });
    expect(created.statusCode).toBe(201);
    for (let i = 0; i < SIGN_IN_LIMIT.limit; i++) {
      const wrong = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress: nextAddress(), payload: { username, password: "wrong password!" } });
      expect(wrong.statusCode).toBe(401);
    }
    const limited = await t.request({ method: "POST", url: "/api/v1/sessions", remoteAddress: nextAddress(), payload: { username: username.toUpperCase(), password } });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBeDefined();
  });

  it("refuses the sixth sign-up from one address within an hour", async () => {
    const remoteAddress = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_UP_LIMIT.limit; i++) {
      const response = await t.request({
        method: "POST",
        url: "/api/v1/accounts",
        remoteAddress,
        payload: { username: `su_${i}_${Math.random().toString(36).slice(2, 8)}`, password },
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(SIGN_UP_LIMIT.limit).fill(201), 429]);
  });

  it("does not count a sign-up that was refused for a bad field", async () => {
    const remoteAddress = nextAddress();
    for (let i = 0; i < SIGN_UP_LIMIT.limit + 2; i++) {
      const response = await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress, payload: { username: "x", password } });
      expect(response.statusCode).toBe(400);
    }
    const real = await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress, payload: { username: `ok_${Math.random().toString(36).slice(2, 8)}`, password } });
    expect(real.statusCode).toBe(201);
  });

  it("does not count a sign-up refused because the username was taken", async () => {
    const remoteAddress = nextAddress();
    const taken = `tk_${Math.random().toString(36).slice(2, 8)}`;
    expect((await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress: nextAddress(), payload: { username: taken, password } })).statusCode).toBe(201);
    for (let i = 0; i < SIGN_UP_LIMIT.limit + 2; i++) {
      const response = await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress, payload: { username: taken, password } });
      expect(response.statusCode).toBe(409);
    }
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_UP_LIMIT.limit; i++) {
      const response = await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress, payload: { username: `ok_${i}_${Math.random().toString(36).slice(2, 8)}`, password } });
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([...Array(SIGN_UP_LIMIT.limit).fill(201), 429]);
  });
});

describe("when to try again", () => {
  it("is said as a clock time, rounded up to the minute, never as a number of minutes", () => {
    const now = new Date("2030-01-01T20:11:20Z");
    expect(retryClockTime(53 * 60 + 10, now)).toBe("21:05");
    expect(new RateLimitedError(53 * 60 + 10, now).message).toBe("Too many tries. Please try again after 21:05 UTC.");
    expect(retryClockTime(40, now)).toBe("20:12");
    expect(retryClockTime(3600, new Date("2030-01-01T23:30:00Z"))).toBe("00:30");
  });

  it("comes with Retry-After and the rate_limited code over the API, its message a clock time", async () => {
    const remoteAddress = nextAddress();
    for (let i = 0; i < SIGN_UP_LIMIT.limit; i++) {
      await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress, payload: { username: `w_${i}_${Math.random().toString(36).slice(2, 8)}`, password } });
    }
    const limited = await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress, payload: { username: `w_${Math.random().toString(36).slice(2, 8)}`, password } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.json().error.message).toMatch(/^Too many tries\. Please try again after \d\d:\d\d UTC\.$/);
    expect(limited.body).not.toContain("minute");
  });
});

describe("rate limits on password resets", () => {
  it("limits requests for reset links for one username, from any address, with the same answer for an unknown one", async () => {
    const known = `pr_${Math.random().toString(36).slice(2, 8)}`;
    await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress: nextAddress(), payload: { username: known, password } });
    const unknown = `pr_${Math.random().toString(36).slice(2, 8)}`;
    for (const username of [known, unknown]) {
      const statuses: number[] = [];
      for (let i = 0; i <= PASSWORD_RESET_REQUEST_LIMIT.limit; i++) {
        statuses.push((await t.request({ method: "POST", url: "/api/v1/password-resets", remoteAddress: nextAddress(), payload: { username } })).statusCode);
      }
      expect(statuses).toEqual([...Array(PASSWORD_RESET_REQUEST_LIMIT.limit).fill(202), 429]);
    }
  });

  it("limits guesses at recovery codes, with 429 and Retry-After", async () => {
    const remoteAddress = nextAddress();
    const username = `rc_${Math.random().toString(36).slice(2, 8)}`;
    await t.request({ method: "POST", url: "/api/v1/accounts", remoteAddress: nextAddress(), payload: { username, password } });
    for (let i = 0; i < PASSWORD_RESET_LIMIT.limit; i++) {
      const wrong = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", remoteAddress, payload: { username, code: `aaaa-bbbb-cccc-${1000 + i}`, newPassword: "a long new password here" } });
      expect(wrong.statusCode).toBe(400);
    }
    const limited = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", remoteAddress, payload: { username, code: "aaaa-bbbb-cccc-dddd", newPassword: "a long new password here" } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
    expect(limited.headers["retry-after"]).toBeDefined();
    // From elsewhere, the same username is held too: guesses at one account's codes are counted wherever they come from.
    const elsewhere = await t.request({ method: "POST", url: "/api/v1/password-resets/recovery", remoteAddress: nextAddress(), payload: { username, code: "aaaa-bbbb-cccc-dddd", newPassword: "a long new password here" } });
    expect(elsewhere.statusCode).toBe(429);
  });

  it("limits tries at reset links from one address", async () => {
    const remoteAddress = nextAddress();
    for (let i = 0; i < PASSWORD_RESET_LIMIT.limit; i++) {
      expect((await t.request({ method: "POST", url: "/api/v1/password-resets/confirm", remoteAddress, payload: { token: `guess${i}`, newPassword: "a long new password here" } })).statusCode).toBe(400);
    }
    const limited = await t.request({ method: "POST", url: "/api/v1/password-resets/confirm", remoteAddress, payload: { token: "guess", newPassword: "a long new password here" } });
    expect(limited.statusCode).toBe(429);
  });
});
