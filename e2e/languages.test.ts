/**
 * Issue 9 in a real browser: the footer's language switcher with JavaScript off, the
 * browser's own language chosen from Accept-Language, and axe on the main pages in
 * Welsh and in right-to-left Arabic.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, launchBrowser, seriousViolations, withContext } from "./helpers/browser.ts";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("choosing a language", () => {
  it("works from the footer with JavaScript off, keeps the address, and stays chosen", async () => {
    await withContext(browser, { javaScriptEnabled: false, locale: "en-GB" }, async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.url}/c/${DEMO.slug}`);
      expect(await page.getAttribute("html", "lang")).toBe("en-GB");
      await page.getByLabel("Language").selectOption("cy");
      await page.getByRole("button", { name: "Change language" }).click();
      expect(new URL(page.url()).pathname).toBe(`/c/${DEMO.slug}`);
      expect(await page.getAttribute("html", "lang")).toBe("cy");
      // The navigation's sign-in link, in Welsh (the community page also asks a guest to sign in to join).
      await expect(page.locator(".main-nav").getByRole("link", { name: "Mewngofnodi", exact: true }).isVisible()).resolves.toBe(true);
      await page.goto(`${server.url}/`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Cymunedau");
      // And back to English with the same form, now labelled in Welsh.
      await page.getByLabel("Iaith").selectOption("en-GB");
      await page.getByRole("button", { name: "Newid iaith" }).click();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Communities");
    });
  });

  it("follows the browser's own language, right to left for Arabic", async () => {
    await withContext(browser, { locale: "ar" }, async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      expect(await page.getAttribute("html", "dir")).toBe("rtl");
      // The skip link and the navigation start on the right in a right-to-left page.
      const nav = await page.locator(".main-nav li").first().boundingBox();
      const width = page.viewportSize()!.width;
      expect(nav!.x + nav!.width).toBeGreaterThan(width / 2);
    });
  });
});

/** The serious and critical axe violations of one page, each named with its path. */
async function violationsAt(context: BrowserContext, path: string): Promise<string[]> {
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  const problems = await seriousViolations(page);
  await page.close();
  return problems.map((problem) => `${path} ${problem}`);
}

describe("accessibility in other languages", () => {
  for (const locale of ["cy", "ar"]) {
    it(`has no serious or critical axe violations on the main pages in ${locale}`, async () => {
      await withContext(browser, { locale }, async (context) => {
        const violations: string[] = [];
        for (const path of ["/", `/c/${DEMO.slug}`, "/signin", "/search?q=breath", "/no-such-page"]) {
          violations.push(...(await violationsAt(context, path)));
        }
        expect(violations).toEqual([]);
      });
    });
  }
});
