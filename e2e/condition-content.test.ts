/**
 * Condition-aware content in a real browser (ADR 39): the demo's end-of-life thread is
 * folded behind its content warning and opened from the keyboard with JavaScript off;
 * axe on the glossary, help and thread pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, launchBrowser, seriousViolations, withContext } from "./helpers/browser.ts";

let server: RunningServer;
let browser: Browser;
let warnedThread: string;

const TITLE = "Talking with Dad about what he wants, later on";

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const list = (await (await fetch(`${server.url}/api/v1/communities/${DEMO.slug}/spaces/everyday-life/threads`)).json()) as { items: { id: string; title: string }[] };
  warnedThread = list.items.find((t) => t.title === TITLE)!.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a thread with a content warning", () => {
  it("keeps the title and warning in view and the words folded until opened from the keyboard, with JavaScript off", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.url}/t/${warnedThread}`);
      expect(await page.getByRole("heading", { level: 1, name: TITLE }).isVisible()).toBe(true);
      const words = page.getByText("He was calmer about it than I was.");
      expect(await words.isVisible()).toBe(false);
      const summary = page.locator("details.content-warning > summary");
      expect(await summary.innerText()).toContain("Content warning: end of life");
      // Tab through the page until the fold has focus, as a keyboard user would.
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        if (await summary.evaluate((el) => el === document.activeElement)) break;
      }
      expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press("Enter");
      expect(await page.locator("details.content-warning").evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
      expect(await words.isVisible()).toBe(true);
    });
  });
});

describe("accessibility", () => {
  for (const [name, path] of [
    ["glossary page", () => `/c/${DEMO.slug}/glossary`],
    ["help page", () => `/c/${DEMO.slug}/help`],
    ["thread page with a content warning", () => `/t/${warnedThread}`],
  ] as const) {
    it(`finds no serious problems on the ${name}, light and dark`, async () => {
      for (const colorScheme of ["light", "dark"] as const) {
        await withContext(browser, { colorScheme }, async (context) => {
          const page = await context.newPage();
          await page.goto(`${server.url}${path()}`);
          expect(await seriousViolations(page)).toEqual([]);
          if (name.startsWith("thread")) {
            await page.locator("details.content-warning > summary").click();
            expect(await seriousViolations(page)).toEqual([]);
          }
        });
      }
    });
  }
});
