/**
 * A clinician, in a real browser against a real server: applies to be verified, an
 * administrator approves, the clinician adds an anonymous clinician persona, joins the
 * demo community and starts a thread in a public space as that persona. Readers see
 * the verified-anonymous badge, never the clinician's username.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, expectDemoNotice, joinDemoInBrowser, launchBrowser, PASSWORD, pathOf, seriousViolations, signedInDemoMember, signUpInBrowser, uniqueName } from "./helpers/browser.ts";

const ADMIN = { username: uniqueName("admin"), password: "a long administrator password" };

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ admins: [ADMIN] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInInBrowser(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/signin`);
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/signin"), page.getByRole("button", { name: "Sign in" }).click()]);
}

describe("a clinician", () => {
  it("is verified by an administrator and posts anonymously in a public space with the verified-anonymous badge", async () => {
    const clinicianName = uniqueName("nurse");
    const clinician = await browser.newContext();
    const admin = await browser.newContext();
    const reader = await browser.newContext();
    try {
      // The clinician signs up and applies.
      const c = await clinician.newPage();
      const clinicianShown = await signUpInBrowser(c, server.url, { username: clinicianName });
      await c.goto(`${server.url}/settings/clinician`);
      await expectDemoNotice(c);
      await c.getByLabel("Your name as it appears on the register", { exact: true }).fill("Alex Morgan");
      await c.getByLabel("Your profession", { exact: true }).fill("Nurse");
      await c.getByLabel("NMC: Nursing and Midwifery Council").check();
      await c.getByLabel("Registration number", { exact: true }).fill("12A3456E");
      await c.getByLabel("Your specialty", { exact: true }).fill("Respiratory nurse");
      await Promise.all([c.waitForURL(/\/settings\/clinician\?applied=1$/), c.getByRole("button", { name: "Send my application" }).click()]);
      await expect(c.getByText("Your application is waiting for review.").count()).resolves.toBeGreaterThan(0);

      // The administrator approves it in the review queue.
      const a = await admin.newPage();
      await signInInBrowser(a, ADMIN.username, ADMIN.password);
      await a.getByRole("link", { name: "Clinician applications" }).click();
      await a.waitForURL("**/admin/verifications");
      await expect(a.getByRole("heading", { level: 3, name: clinicianName }).count()).resolves.toBe(1);
      await Promise.all([a.waitForURL(/\/admin\/verifications\?decided=1$/), a.getByRole("button", { name: `Approve ${clinicianName}` }).click()]);
      await expect(a.getByRole("heading", { level: 3, name: clinicianName }).count()).resolves.toBe(0);

      // The clinician sees the approval and adds an anonymous clinician persona.
      await c.goto(`${server.url}/settings/clinician`);
      await expect(c.getByText(/You are a verified clinician until/).count()).resolves.toBe(1);
      await c.goto(`${server.url}/settings/personas`);
      // Its capacity is chosen from the vocabulary, for this persona alone (ADR 20).
      await c.getByRole("radio", { name: "Nursing", exact: true }).check();
      await Promise.all([c.waitForURL(/\/settings\/personas\?notice=added/), c.getByRole("button", { name: "Add an anonymous clinician persona" }).click()]);
      const anonymousName = (await c.locator("li.card h3").allTextContents()).find((name) => /^Clinician [0-9A-Z]{5}$/.test(name));
      expect(anonymousName, "the new anonymous persona is listed").toBeDefined();

      // They join the demo community and start a thread in a public space, choosing the anonymous persona.
      await joinDemoInBrowser(c, server.url);
      await c.getByRole("link", { name: "General", exact: true }).first().click();
      await c.waitForURL(`**/c/${DEMO.slug}/s/general`);
      const title = `Inhaler technique, from the ward ${clinicianName.slice(-6)}`;
      await c.getByLabel("Title", { exact: true }).fill(title);
      await c.getByLabel("Your message", { exact: true }).fill("A spacer makes a real difference for many people. Ask your nurse to watch you use it once.");
      const personal = c.getByRole("radio", { name: new RegExp(`^${clinicianShown}`) });
      await expect(personal.isChecked(), "the personal persona is chosen until the clinician picks another").resolves.toBe(true);
      await c.getByRole("radio", { name: new RegExp(`^${anonymousName}`) }).check();
      await expect(c.locator("form.composer .audience").textContent()).resolves.toContain("Anyone on the internet can read this.");
      await Promise.all([c.waitForURL(/\/t\/[^/?#]+$/), c.getByRole("button", { name: "Start the thread" }).click()]);
      const threadPath = pathOf(c);

      // Everyone, the clinician included, sees the verified-anonymous badge, and neither the
      // username nor the name of the clinician's personal persona.
      const opening = c.locator("article.post").first();
      await expect(opening.locator(".author-name").textContent()).resolves.toBe(anonymousName);
      await expect(opening.locator(".badge").textContent()).resolves.toBe("Verified clinician, anonymous · Nursing");
      await expect(opening.textContent()).resolves.not.toContain(clinicianName);
      await expect(opening.textContent()).resolves.not.toContain(clinicianShown);

      const r = await reader.newPage();
      await r.goto(`${server.url}${threadPath}`);
      await expectDemoNotice(r);
      await expect(r.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(title);
      const seen = r.locator("article.post").first();
      await expect(seen.locator(".badge").textContent()).resolves.toContain("Verified clinician, anonymous");
      expect(await r.content()).not.toContain(clinicianName);
      expect(await r.content()).not.toContain(clinicianShown);

      // The name opens that persona's own page, which says nothing of who is behind it.
      await Promise.all([r.waitForURL(/\/personas\/[^/]+$/), seen.getByRole("link", { name: anonymousName, exact: true }).click()]);
      await expect(r.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(anonymousName);
      await expect(r.getByText("Personal and professional lives are kept apart").count()).resolves.toBe(1);
      expect(await r.content()).not.toContain(clinicianName);
    } finally {
      await clinician.close();
      await admin.close();
      await reader.close();
    }
  });
});

/** Calls the API with a bearer token (the browser context's cookies are left alone). */
async function api(context: BrowserContext, method: "get" | "post", path: string, token: string, data?: object) {
  const response = await context.request[method](`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` }, ...(data ? { data } : {}) });
  if (!response.ok()) throw new Error(`${method.toUpperCase()} ${path} → ${response.status()}: ${await response.text()}`);
  return response.json();
}

describe("the persona and verification pages", () => {
  it("have no serious accessibility problems, in light and dark colour schemes", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const clinicianContext = await browser.newContext({ colorScheme });
      const adminContext = await browser.newContext({ colorScheme });
      try {
        const clinician = await signedInDemoMember(clinicianContext, server.url, "axe");
        const application = await api(clinicianContext, "post", "/api/v1/clinician-verifications", clinician.token, {
          profession: "Pharmacist",
          register: "GPhC",
          registrationNumber: "2034567",
          specialty: "Respiratory pharmacy",
        });
        const waiting = await signedInDemoMember(clinicianContext, server.url, "waiting");
        await api(clinicianContext, "post", "/api/v1/clinician-verifications", waiting.token, { profession: "Doctor", register: "GMC", registrationNumber: "1234567", specialty: "Chest medicine" });
        // signedInDemoMember signed the context in as the last member made; sign it back in as the clinician.
        // The context carries a session cookie, so the sign-in says it comes from Hearth, as its own page's fetch would (ADR 19).
        const sameOrigin = { origin: new URL(server.url).origin };
        const back = await clinicianContext.request.post(`${server.url}/api/v1/sessions`, { headers: sameOrigin, data: { username: clinician.username, password: PASSWORD } });
        expect(back.ok(), "the clinician is signed back in").toBe(true);

        const a = await adminContext.newPage();
        await signInInBrowser(a, ADMIN.username, ADMIN.password);
        const adminSession = await adminContext.request.post(`${server.url}/api/v1/sessions`, { headers: sameOrigin, data: ADMIN });
        expect(adminSession.ok(), "the administrator signs in for a token").toBe(true);
        const adminToken = (await adminSession.json()).token as string;
        await api(adminContext, "post", `/api/v1/admin/clinician-verifications/${application.id}/decision`, adminToken, { decision: "approve" });
        const anonymous = await api(clinicianContext, "post", "/api/v1/personas", clinician.token, { kind: "anonymous_professional" });

        const pages: [BrowserContext, string][] = [
          [clinicianContext, "/settings/clinician"],
          [clinicianContext, "/settings/personas"],
          [clinicianContext, `/settings/personas/${anonymous.id}`],
          [clinicianContext, `/personas/${anonymous.id}`],
          [adminContext, "/admin/verifications"],
        ];
        for (const [context, path] of pages) {
          const page = await context.newPage();
          const response = await page.goto(`${server.url}${path}`);
          expect(response?.status(), path).toBe(200);
          expect(await seriousViolations(page), `${path} (${colorScheme})`).toEqual([]);
          await page.close();
        }
      } finally {
        await clinicianContext.close();
        await adminContext.close();
      }
    }
  });
});
