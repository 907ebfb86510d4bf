/**
 * The main pages, checked with axe in light and dark colour schemes, on a 320 px
 * wide screen, and from the keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, expectDemoNotice, firstThreadId, launchBrowser, PASSWORD, seriousViolations, signedInDemoMember, uniqueName, withContext } from "./helpers/browser.ts";

/** An administrator, who also runs a community with an open report (for the Reports page and the audit log). */
const ADMIN = { username: uniqueName("admin"), password: "a long administrator password" };

let server: RunningServer;
let browser: Browser;
let threadId: string;
let postId: string;
let reportsSlug: string;

async function api(method: "GET" | "POST", path: string, token?: string, body?: object) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return response.json();
}

/** The administrator's community, with a post a member reported. */
async function communityWithAReport(): Promise<string> {
  const { token } = await api("POST", "/api/v1/sessions", undefined, ADMIN);
  const slug = `axe-${Date.now().toString(36)}`;
  await api("POST", "/api/v1/communities", token, {
    slug,
    name: "Reports to check",
    purpose: "A community whose Reports page is checked with axe.",
    visibility: "public",
    charter: { conditions: [], rules: ["Be kind."], funding: "Volunteers.", businessModel: "None.", dataUse: "Never sold.", conflictsOfInterest: "None." },
  });
  const thread = await api("POST", `/api/v1/communities/${slug}/spaces/general/threads`, token, { title: "A thread to report", body: "Buy my miracle drops." });
  const username = uniqueName("reporter");
  await api("POST", "/api/v1/accounts", undefined, { username, password: PASSWORD });
  const reporter = await api("POST", "/api/v1/sessions", undefined, { username, password: PASSWORD });
  await api("POST", `/api/v1/communities/${slug}/members`, reporter.token, {});
  const opening = (await api("GET", `/api/v1/threads/${thread.id}`, reporter.token)).posts.items[0].id;
  await api("POST", "/api/v1/flags", reporter.token, { targetType: "post", targetId: opening, reason: "spam", note: "Selling." });
  return slug;
}

/** Signs the context in as the administrator (the session cookie lands in its jar). */
async function signInAdmin(context: BrowserContext) {
  const response = await context.request.post(`${server.url}/api/v1/sessions`, { data: ADMIN, headers: { origin: server.url } });
  expect(response.ok(), await response.text()).toBe(true);
}

beforeAll(async () => {
  server = await startServer({ admins: [ADMIN] });
  browser = await launchBrowser();
  const context = await browser.newContext();
  threadId = await firstThreadId(context, server.url);
  await context.close();
  postId = (await api("GET", `/api/v1/threads/${threadId}`)).posts.items[0].id;
  reportsSlug = await communityWithAReport();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Pages a member reads (with their forms), then pages a guest reads. */
const memberPages = () => [
  { name: "home", path: "/" },
  { name: "community page", path: `/c/${DEMO.slug}` },
  { name: "space page", path: `/c/${DEMO.slug}/s/general` },
  { name: "thread page", path: `/t/${threadId}` },
  { name: "search with results", path: "/search?q=mornings" },
  { name: "report form", path: `/report?targetType=post&targetId=${postId}&back=${encodeURIComponent(`/t/${threadId}`)}` },
  { name: "report sent (someone at risk)", path: `/report/sent?community=${DEMO.slug}&reason=safeguarding` },
  { name: "account page", path: "/account" },
  { name: "change email page", path: "/account/email" },
  { name: "new recovery codes page", path: "/account/recovery-codes" },
  { name: "welcome page", path: `/c/${DEMO.slug}/welcome` },
  { name: "notifications", path: "/notifications" },
  { name: "email settings", path: "/notifications/settings" },
];
/** Pages only administrators and a community's moderators open. */
const adminPages = () => [
  { name: "Reports page", path: `/c/${reportsSlug}/moderation/reports` },
  { name: "check-ins and safety settings", path: `/c/${reportsSlug}/settings/care` },
  { name: "server audit log", path: "/admin/audit-log" },
  { name: "break-glass", path: "/admin/break-glass" },
];
const guestPages = () => [
  { name: "sign-in", path: "/signin" },
  { name: "sign-up", path: "/signup" },
  { name: "forgot password", path: "/forgot-password" },
  { name: "reset with a recovery code", path: "/forgot-password/code" },
  { name: "sign-up and join", path: `/signup?join=${DEMO.slug}` },
  { name: "community page (guest)", path: `/c/${DEMO.slug}` },
  { name: "thread page (guest)", path: `/t/${threadId}` },
];

async function open(page: Page, path: string) {
  const response = await page.goto(`${server.url}${path}`);
  expect(response?.status(), `${path} answered ${response?.status()}`).toBe(200);
}

describe("the main pages", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`have no serious or critical axe violations in the ${colorScheme} colour scheme`, async () => {
      const found: Record<string, string[]> = {};
      await withContext(browser, { colorScheme }, async (context) => {
        const page = await context.newPage();
        for (const { name, path } of guestPages()) {
          await open(page, path);
          const problems = await seriousViolations(page);
          if (problems.length) found[name] = problems;
        }
        await signedInDemoMember(context, server.url, `axe_${colorScheme}`);
        for (const { name, path } of memberPages()) {
          await open(page, path);
          if (name === "search with results") {
            await expect(page.locator(`main a[href^="/t/"]`).count(), "the search found nothing to check").resolves.toBeGreaterThan(0);
          }
          const problems = await seriousViolations(page);
          if (problems.length) found[name] = problems;
        }
        await signInAdmin(context);
        for (const { name, path } of adminPages()) {
          await open(page, path);
          if (name === "Reports page") {
            await expect(page.locator("main li.report").count(), "the Reports page had no report to check").resolves.toBeGreaterThan(0);
            // The forms inside <details> are checked open, as a moderator uses them.
            await page.evaluate(() => document.querySelectorAll("details").forEach((d) => d.setAttribute("open", "")));
          }
          const problems = await seriousViolations(page);
          if (problems.length) found[name] = problems;
        }
      });
      expect(found).toEqual({});
    });
  }

  it("show a form's error summary without serious or critical axe violations, in both colour schemes", async () => {
    const found: Record<string, string[]> = {};
    for (const colorScheme of ["light", "dark"] as const) {
      await withContext(browser, { colorScheme }, async (context) => {
        const page = await context.newPage();
        await open(page, "/signup");
        // The sign-up form sent with three problems: the page comes back with its error summary and a message by each field.
        await page.getByLabel("Your name here", { exact: true }).fill("");
        await Promise.all([page.waitForURL("**/signup"), page.getByRole("button", { name: "Create my account" }).click()]);
        await expect(page.locator(".error-summary li").count(), "the error summary lists the problems").resolves.toBe(3);
        const problems = await seriousViolations(page);
        if (problems.length) found[`sign-up with errors (${colorScheme})`] = problems;
      });
    }
    expect(found).toEqual({});
  });

  it("fit a 320 px wide screen without scrolling sideways", async () => {
    const tooWide: Record<string, { scrollWidth: number; clientWidth: number }> = {};
    await withContext(browser, { viewport: { width: 320, height: 640 } }, async (context) => {
      const page = await context.newPage();
      const check = async (name: string, path: string) => {
        await open(page, path);
        const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        if (size.scrollWidth > size.clientWidth) tooWide[name] = size;
      };
      for (const { name, path } of guestPages()) await check(name, path);
      await signedInDemoMember(context, server.url, "narrow");
      for (const { name, path } of memberPages()) await check(name, path);
      await signInAdmin(context);
      for (const { name, path } of adminPages()) await check(name, path);
    });
    expect(tooWide).toEqual({});
  });

  it("keep the main navigation on one line at 375 px, signed in or not", async () => {
    const lines: Record<string, number> = {};
    await withContext(browser, { viewport: { width: 375, height: 700 } }, async (context) => {
      const page = await context.newPage();
      const count = async (name: string) => {
        await open(page, "/");
        const tops = await page.locator('nav[aria-label="Main"] li').evaluateAll((items) => items.map((item) => Math.round(item.getBoundingClientRect().top)));
        expect(tops.length, `no navigation items for ${name}`).toBeGreaterThan(1);
        lines[name] = new Set(tops).size;
      };
      await count("guest");
      await signedInDemoMember(context, server.url, "navline");
      await count("member");
      await expect(page.locator('nav[aria-label="Main"]').getByRole("link", { name: "Account" }).count()).resolves.toBe(1);
    });
    expect(lines).toEqual({ guest: 1, member: 1 });
  });

  it("start with a skip link that takes keyboard focus to the main content", async () => {
    await withContext(browser, {}, async (context) => {
      const page = await context.newPage();
      await open(page, `/t/${threadId}`);
      await expectDemoNotice(page);
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => ({ tag: document.activeElement?.tagName, text: document.activeElement?.textContent?.trim(), href: document.activeElement?.getAttribute("href") }));
      expect(first).toEqual({ tag: "A", text: "Skip to main content", href: "#main" });
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "main", undefined, { timeout: 5_000 }).catch(() => {});
      const focused = await page.evaluate(() => ({ tag: document.activeElement?.tagName, id: document.activeElement?.id }));
      expect(focused).toEqual({ tag: "MAIN", id: "main" });
    });
  });
});
