/**
 * Issue 9 in a real browser: the footer's language switcher with JavaScript off, the
 * browser's own language chosen from Accept-Language, and axe on the main pages in
 * Welsh and in right-to-left Arabic.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, launchBrowser } from "./helpers/browser.ts";

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

async function withContext<T>(options: Parameters<Browser["newContext"]>[0], run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext(options);
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

describe("choosing a language", () => {
  it("works from the footer with JavaScript off, keeps the address, and stays chosen", async () => {
    await withContext({ javaScriptEnabled: false, locale: "en-GB" }, async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.url}/c/${DEMO.slug}`);
      expect(await page.getAttribute("html", "lang")).toBe("en-GB");
      await page.getByLabel("Language").selectOption("cy");
      await page.getByRole("button", { name: "Change language" }).click();
      expect(new URL(page.url()).pathname).toBe(`/c/${DEMO.slug}`);
      expect(await page.getAttribute("html", "lang")).toBe("cy");
      await expect(page.getByRole("link", { name: "Mewngofnodi" }).isVisible()).resolves.toBe(true);
      await page.goto(`${server.url}/`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Cymunedau");
      // And back to English with the same form, now labelled in Welsh.
      await page.getByLabel("Iaith").selectOption("en-GB");
      await page.getByRole("button", { name: "Newid iaith" }).click();
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Communities");
    });
  });

  it("follows the browser's own language, right to left for Arabic", async () => {
    await withContext({ locale: "ar" }, async (context) => {
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

async function seriousViolations(context: BrowserContext, path: string): Promise<string[]> {
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  const results = await new AxeBuilder({ page }).analyze();
  await page.close();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${path} ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

describe("accessibility in other languages", () => {
  for (const locale of ["cy", "ar"]) {
    it(`has no serious or critical axe violations on the main pages in ${locale}`, async () => {
      await withContext({ locale }, async (context) => {
        const violations: string[] = [];
        for (const path of ["/", `/c/${DEMO.slug}`, "/signin", "/search?q=breath", "/no-such-page"]) {
          violations.push(...(await seriousViolations(context, path)));
        }
        expect(violations).toEqual([]);
      });
    });
  }
});
