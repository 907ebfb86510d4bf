/**
 * Each member's default for whether their posts go with a fork (ADR 43): "ask" until chosen,
 * set over the API and from /settings/forks without JavaScript, theirs alone; anything else is
 * a 400 naming travelWithForks with nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { signUp } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const preferences = async (token: string) => (await t.request({ method: "GET", url: "/api/v1/me/preferences", token })).json();
const put = (token: string, payload: Record<string, unknown>) => t.request({ method: "PUT", url: "/api/v1/me/preferences", token, payload });

describe("whether a member's posts travel with forks", () => {
  it("is ask until the member chooses, and each member's own", async () => {
    const [ana, ben] = [await signUp(t), await signUp(t)];
    expect((await preferences(ana.token)).travelWithForks).toBe("ask");
    const changed = await put(ana.token, { travelWithForks: "yes" });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().travelWithForks).toBe("yes");
    expect((await preferences(ana.token)).travelWithForks).toBe("yes");
    expect((await preferences(ben.token)).travelWithForks).toBe("ask");
    expect((await t.services.forks.travelChoicesOf([ana.id, ben.id]))).toEqual(new Map([[ana.id, "yes"], [ben.id, "ask"]]));
    expect((await put(ana.token, { travelWithForks: "no" })).json().travelWithForks).toBe("no");
  });

  it("refuses a choice that is not yes, ask or no, naming the field, and keeps the one before", async () => {
    const ana = await signUp(t);
    await put(ana.token, { travelWithForks: "no" });
    for (const choice of ["always", "", null, true]) {
      const refused = await put(ana.token, { travelWithForks: choice });
      expect(refused.statusCode).toBe(400);
      expect(Object.keys(refused.json().error.fields)).toEqual(["travelWithForks"]);
    }
    expect((await preferences(ana.token)).travelWithForks).toBe("no");
    expect((await t.request({ method: "GET", url: "/api/v1/me/preferences" })).statusCode).toBe(401);
  });

  it("is chosen from its settings page without JavaScript, linked from the account page", async () => {
    const ana = await signUp(t);
    const browser = await newBrowser(t, ana);
    expect((await browser.get("/account")).body).toContain('href="/settings/forks"');
    const page = await browser.get("/settings/forks");
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<input type="radio" id="field-travelWithForks" name="travelWithForks" value="ask" checked/);
    const saved = await browser.post("/settings/forks", { travelWithForks: "yes" });
    expect(saved.statusCode).toBe(303);
    expect((await preferences(ana.token)).travelWithForks).toBe("yes");
    const shown = await browser.get("/settings/forks?saved=1");
    expect(shown.body).toContain("Saved.");
    expect(shown.body).toMatch(/value="yes" checked/);

    const refused = await browser.post("/settings/forks", { travelWithForks: "sometimes" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="field-travelWithForks-error"');
    expect((await preferences(ana.token)).travelWithForks).toBe("yes");

    const guest = await (await newBrowser(t)).get("/settings/forks");
    expect(guest.statusCode).toBe(303);
    expect(guest.headers.location).toBe("/signin?next=%2Fsettings%2Fforks");
  });
});
