/**
 * The main pages, checked with axe in light and dark colour schemes, on a 320 px
 * wide screen, and from the keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, expectDemoNotice, firstThreadId, launchBrowser, signedInDemoMember } from "./helpers/browser.ts";

let server: RunningServer;
let browser: Browser;
let threadId: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext();
  threadId = await firstThreadId(context, server.url);
  await context.close();
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
  { name: "notifications", path: "/notifications" },
  { name: "email settings", path: "/notifications/settings" },
];
const guestPages = () => [
  { name: "sign-in", path: "/signin" },
  { name: "sign-up", path: "/signup" },
  { name: "community page (guest)", path: `/c/${DEMO.slug}` },
  { name: "thread page (guest)", path: `/t/${threadId}` },
];

async function open(page: Page, path: string) {
  const response = await page.goto(`${server.url}${path}`);
  expect(response?.status(), `${path} answered ${response?.status()}`).toBe(200);
}

/** The serious and critical axe violations of a page, described well enough to fix. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

async function withContext<T>(options: Parameters<Browser["newContext"]>[0], run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext(options);
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

describe("the main pages", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`have no serious or critical axe violations in the ${colorScheme} colour scheme`, async () => {
      const found: Record<string, string[]> = {};
      await withContext({ colorScheme }, async (context) => {
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
      });
      expect(found).toEqual({});
    });
  }

  it("fit a 320 px wide screen without scrolling sideways", async () => {
    const tooWide: Record<string, { scrollWidth: number; clientWidth: number }> = {};
    await withContext({ viewport: { width: 320, height: 640 } }, async (context) => {
      const page = await context.newPage();
      const check = async (name: string, path: string) => {
        await open(page, path);
        const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        if (size.scrollWidth > size.clientWidth) tooWide[name] = size;
      };
      for (const { name, path } of guestPages()) await check(name, path);
      await signedInDemoMember(context, server.url, "narrow");
      for (const { name, path } of memberPages()) await check(name, path);
    });
    expect(tooWide).toEqual({});
  });

  it("start with a skip link that takes keyboard focus to the main content", async () => {
    await withContext({}, async (context) => {
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
