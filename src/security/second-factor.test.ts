import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signUp, type Member } from "../../test/helpers/factories.ts";
import { enrolSecondFactor, nextCode, useSteppingClock, wrongCode } from "../../test/helpers/second-factor.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  useSteppingClock();
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  vi.useRealTimers();
});

const signIn = (member: Member, extra: { code?: string; recoveryCode?: string; password?: string } = {}) =>
  t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: member.password, ...extra } });

const status = async (member: Member) => (await t.request({ method: "GET", url: "/api/v1/me/second-factor", token: member.token })).json();

const sessionCookie = (response: { cookies: { name: string }[] }) => response.cookies.find((c) => c.name === "hearth_session");

describe("two-step sign-in over the API", () => {
  it("is off for a new account, and not required by this server", async () => {
    const member = await signUp(t);
    expect(await status(member)).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });
  });

  it("turns on with a code from the app, then asks for a code at every sign-in and takes each code once", async () => {
    const member = await signUp(t);
    const started = await t.request({ method: "POST", url: "/api/v1/me/second-factor", token: member.token });
    expect(started.statusCode, started.body).toBe(201);
    const { secret, otpauthUri } = started.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(otpauthUri).searchParams.get("secret")).toBe(secret);

    // Started is not on: the password alone still signs in.
    expect((await status(member)).enabled).toBe(false);
    expect((await signIn(member)).statusCode).toBe(200);

    const confirmed = await t.request({ method: "POST", url: "/api/v1/me/second-factor/confirm", token: member.token, payload: { code: nextCode(secret) } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const codes: string[] = confirmed.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(await status(member)).toEqual({ enabled: true, recoveryCodesLeft: 10, required: false });

    const withoutCode = await signIn(member);
    expect(withoutCode.statusCode).toBe(401);
    expect(withoutCode.json().error.code).toBe("second_factor_required");
    expect(withoutCode.json()).not.toHaveProperty("token");
    expect(sessionCookie(withoutCode)).toBeUndefined();

    const code = nextCode(secret);
    const wrongPassword = await signIn(member, { password: "not the password at all", code });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.json().error.code).toBe("wrong_credentials");

    const wrong = await signIn(member, { code: wrongCode(secret) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("wrong_second_factor");
    expect(sessionCookie(wrong)).toBeUndefined();

    const withCode = await signIn(member, { code });
    expect(withCode.statusCode, withCode.body).toBe(200);
    expect(sessionCookie(withCode)).toBeDefined();
    const me = await t.request({ method: "GET", url: "/api/v1/me", token: withCode.json().token });
    expect(me.json().username).toBe(member.username);

    const replayed = await signIn(member, { code });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error.code).toBe("wrong_second_factor");

    const recovered = await signIn(member, { recoveryCode: codes[3]!.toUpperCase().replace(/-/g, " ") });
    expect(recovered.statusCode, recovered.body).toBe(200);
    const recoveredAgain = await signIn(member, { recoveryCode: codes[3] });
    expect(recoveredAgain.statusCode).toBe(401);
    expect(recoveredAgain.json().error.code).toBe("wrong_second_factor");
    expect((await status(member)).recoveryCodesLeft).toBe(9);

    // The session opened before two-step sign-in was turned on keeps working.
    expect((await t.request({ method: "GET", url: "/api/v1/me", token: member.token })).statusCode).toBe(200);
  });

  it("stays off when the confirming code is wrong", async () => {
    const member = await signUp(t);
    const confirmFirst = await t.request({ method: "POST", url: "/api/v1/me/second-factor/confirm", token: member.token, payload: { code: "123456" } });
    expect(confirmFirst.statusCode).toBe(409);

    const { secret } = (await t.request({ method: "POST", url: "/api/v1/me/second-factor", token: member.token })).json();
    const wrong = await t.request({ method: "POST", url: "/api/v1/me/second-factor/confirm", token: member.token, payload: { code: wrongCode(secret) } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe("wrong_second_factor");
    expect(wrong.json().error.fields).toHaveProperty("code");
    expect(wrong.json()).not.toHaveProperty("recoveryCodes");
    expect(await status(member)).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });
    expect((await signIn(member)).statusCode).toBe(200);
  });

  it("turns off only with both the password and a code", async () => {
    const member = await signUp(t);
    const { secret, recoveryCodes } = await enrolSecondFactor(t, member);
    const off = (payload: object) => t.request({ method: "DELETE", url: "/api/v1/me/second-factor", token: member.token, payload });

    const noCode = await off({ password: member.password });
    expect(noCode.statusCode).toBe(400);
    const noPassword = await off({ code: nextCode(secret) });
    expect(noPassword.statusCode).toBe(400);
    const wrongPassword = await off({ password: "not the password at all", code: nextCode(secret) });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().error.code).toBe("wrong_password");
    const badCode = await off({ password: member.password, code: wrongCode(secret) });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.code).toBe("wrong_second_factor");
    expect((await status(member)).enabled).toBe(true);
    expect((await t.request({ method: "DELETE", url: "/api/v1/me/second-factor", payload: { password: member.password, code: nextCode(secret) } })).statusCode).toBe(401);

    const done = await off({ password: member.password, recoveryCode: recoveryCodes[0] });
    expect(done.statusCode, done.body).toBe(204);
    expect(await status(member)).toEqual({ enabled: false, recoveryCodesLeft: 0, required: false });
    expect((await signIn(member)).statusCode).toBe(200);
    expect((await off({ password: member.password, code: nextCode(secret) })).statusCode).toBe(409);
  });

  it("moves to a new phone only with the password and a code; the old app works until the new one is on", async () => {
    const member = await signUp(t);
    const old = await enrolSecondFactor(t, member);

    const bare = await t.request({ method: "POST", url: "/api/v1/me/second-factor", token: member.token });
    expect(bare.statusCode).toBe(409);
    expect(bare.json().error.code).toBe("second_factor_on");

    const moved = await t.request({ method: "POST", url: "/api/v1/me/second-factor", token: member.token, payload: { password: member.password, code: nextCode(old.secret) } });
    expect(moved.statusCode, moved.body).toBe(201);
    const fresh = moved.json().secret as string;
    expect(fresh).not.toBe(old.secret);
    expect((await signIn(member, { code: nextCode(old.secret) })).statusCode).toBe(200);

    const confirmed = await t.request({ method: "POST", url: "/api/v1/me/second-factor/confirm", token: member.token, payload: { code: nextCode(fresh) } });
    expect(confirmed.statusCode).toBe(200);
    expect((await signIn(member, { code: nextCode(old.secret) })).statusCode).toBe(401);
    expect((await signIn(member, { recoveryCode: old.recoveryCodes[1] })).statusCode).toBe(401);
    expect((await signIn(member, { code: nextCode(fresh) })).statusCode).toBe(200);
  });

  it("keeps the sign-in contract of accounts without two-step sign-in, and ignores a code they send", async () => {
    const member = await signUp(t);
    const plain = await signIn(member);
    expect(plain.statusCode).toBe(200);
    expect(Object.keys(plain.json()).sort()).toEqual(["account", "token"]);
    expect((await signIn(member, { code: "123456" })).statusCode).toBe(200);
    const unknownField = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: member.password, otp: "1" } });
    expect(unknownField.statusCode).toBe(400);
  });
});

describe("two-step sign-in and the sign-in rate limit", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ env: { HEARTH_RATE_LIMITS: "on" } });
  });
  afterAll(async () => limited?.close());

  it("counts wrong codes, so guessing stops before the code is found", async () => {
    // Start at the beginning of a 15-minute rate-limit window, so every try below falls in one.
    const window = 15 * 60 * 1000;
    vi.setSystemTime(Math.ceil(Date.now() / window) * window + 1000);
    const member = await signUp(limited); // one sign-in counted
    const { secret } = await enrolSecondFactor(limited, member);
    const attempt = (code: string) =>
      limited.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: member.password, code }, remoteAddress: "10.0.0.9" });
    for (let i = 0; i < 9; i++) expect((await attempt(wrongCode(secret))).statusCode).toBe(401);
    const right = await attempt(nextCode(secret));
    expect(right.statusCode).toBe(429);
    expect(right.headers["retry-after"]).toBeDefined();
  });
});

describe("two-step sign-in's refusals in the reader's language", () => {
  it("tells a Welsh reader that it is already on, and which fields are missing, in Welsh with the same code", async () => {
    const member = await signUp(t);
    await enrolSecondFactor(t, member);
    const welsh = await t.request({ method: "POST", url: "/api/v1/me/second-factor", token: member.token, headers: { "accept-language": "cy" } });
    expect(welsh.statusCode).toBe(409);
    expect(welsh.json().error.code).toBe("second_factor_on");
    expect(welsh.json().error.message).toContain("Mae mewngofnodi dau gam ymlaen yn barod.");
    expect(welsh.json().error.fields).toEqual({ password: "rhowch eich cyfrinair", code: "rhowch god o'ch ap presennol" });
    const english = await t.request({ method: "POST", url: "/api/v1/me/second-factor", token: member.token });
    expect(english.json().error.fields).toEqual({ password: "enter your password", code: "enter a code from your current app" });
    const noCode = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username: member.username, password: member.password }, headers: { "accept-language": "cy" } });
    // Two-step sign-in over the API: the password alone is not enough, said in Welsh.
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe("second_factor_required");
    expect(noCode.json().error.message).toBe("Mae'r cyfrif hwn yn defnyddio mewngofnodi dau gam. Rhowch y cod o'ch ap dilysu, neu un o'ch codau adfer.");
  });
});
