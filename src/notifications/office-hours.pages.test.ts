/**
 * Office hours from the notification settings page (ADR 42), without JavaScript: a clinician
 * sets the days, hours and time zone their digests may arrive in, sees a field at fault named
 * with what they typed kept, and removes them; a member with no clinician persona has no form.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { signUp } from "../../test/helpers/factories.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const SETTINGS = "/notifications/settings";
const officeHoursOf = async (token: string) => (await t.request({ method: "GET", url: "/api/v1/me/preferences", token })).json().officeHours;

describe("office hours on the notification settings page", () => {
  it("are set, shown again as saved, and removed by a clinician", async () => {
    const clinician = await makeClinician(t, await signedInAdmin(t));
    const browser = await newBrowser(t, clinician);
    const page = await browser.get(SETTINGS);
    expect(page.body).toContain("Office hours for your digests");
    expect(page.body).toContain("You have none set");

    const saved = await browser.post(`${SETTINGS}/office-hours`, { days: ["2", "4"], from: "08:30", to: "24:00", timeZone: "Europe/London", action: "save" });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${SETTINGS}?saved=office-hours#office-hours-title`);
    expect(await officeHoursOf(clinician.token)).toEqual({ days: [2, 4], from: "08:30", to: "24:00", timeZone: "Europe/London" });

    const shown = (await browser.get(`${SETTINGS}?saved=office-hours`)).body;
    expect(shown).toContain("Your office hours are saved.");
    expect(shown).toMatch(/<input type="checkbox" id="field-days-2" name="days" value="2" checked/);
    expect(shown).not.toMatch(/value="1" checked/);
    expect(shown).toContain('value="Europe/London"');

    expect((await browser.post(`${SETTINGS}/office-hours`, { days: ["2"], from: "08:30", to: "17:00", timeZone: "Europe/London", action: "clear" })).statusCode).toBe(303);
    expect(await officeHoursOf(clinician.token)).toBeNull();
    expect((await browser.get(`${SETTINGS}?saved=office-hours`)).body).toContain("Your office hours are removed");
  });

  it("name the field at fault, keep what was typed, and change nothing", async () => {
    const clinician = await makeClinician(t, await signedInAdmin(t));
    const browser = await newBrowser(t, clinician);
    await browser.get(SETTINGS);
    const good = { days: ["1", "2"], from: "09:00", to: "17:00", timeZone: "Europe/London", action: "save" };
    expect((await browser.post(`${SETTINGS}/office-hours`, good)).statusCode).toBe(303);
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ days: [] }, "days", "Choose at least one day"],
      [{ from: "9am" }, "from", "Give the start as HH:MM."],
      [{ to: "08:00" }, "to", "Give the end as HH:MM, after the start."],
      [{ timeZone: "Mars/Olympus" }, "timeZone", "Give a time zone such as Europe/London."],
    ];
    for (const [change, field, problem] of cases) {
      const refused = await browser.post(`${SETTINGS}/office-hours`, { ...good, ...change });
      expect({ field, status: refused.statusCode }).toEqual({ field, status: 400 });
      expect(refused.body).toContain(`id="field-${field}-error"`);
      expect(refused.body).toContain(problem);
      const typed = Object.values(change)[0];
      if (typeof typed === "string") expect(refused.body).toContain(`value="${typed}"`);
    }
    expect(await officeHoursOf(clinician.token)).toEqual({ days: [1, 2], from: "09:00", to: "17:00", timeZone: "Europe/London" });
  });

  it("are not offered to a member with no clinician persona, and refused if sent anyway", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    expect((await browser.get(SETTINGS)).body).not.toContain("Office hours");
    const refused = await browser.post(`${SETTINGS}/office-hours`, { days: ["1"], from: "09:00", to: "17:00", timeZone: "UTC", action: "save" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("Only an account with a clinician persona can set office hours.");
    expect(await officeHoursOf(member.token)).toBeNull();
  });
});
