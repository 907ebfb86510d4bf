import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { signUp } from "../../test/helpers/factories.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("accounts and sessions", () => {
  it("signs up with a username and password only, and signs in with a bearer token", async () => {
    const member = await signUp(t);
    const me = await t.request({ method: "GET", url: "/api/v1/me", token: member.token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: member.username, roles: [], memberships: [] });
    expect(me.json().personas).toHaveLength(1);
    expect(me.json().personas[0]).toMatchObject({ kind: "personal", displayName: member.username });
  });

  it("refuses a username that is taken, whatever its case", async () => {
    const member = await signUp(t);
    const again = await t.request({
      method: "POST",
      url: "/api/v1/accounts",
      payload: { username: member.username.toUpperCase(), password: "another long password" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("username_taken");
    expect(again.json().error.fields).toHaveProperty("username");
  });
});
