/**
 * What people write is shown, never run: script tags, event handler attributes and
 * javascript: links in a post render as inert text on every page that shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, launchBrowser, signedInDemoMember, uniqueName } from "./helpers/browser.ts";

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

const SCRIPT = "<script>window.pwned=1</script>";
const IMG = '<img src=x onerror="window.pwned=1">';
const LINK = "[click](javascript:window.pwned=1)";

/** Nothing the post carried became live: no script ran, no handler or javascript: link exists. */
async function expectInert(page: Page) {
  await page.waitForLoadState("load");
  // Give an onerror (the image "x" fails to load) time to fire, were it there.
  await page.waitForTimeout(300);
  await expect(page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned), `window.pwned was set on ${page.url()}`).resolves.toBeUndefined();
  const live = await page.evaluate(() => ({
    handlers: document.querySelectorAll("main [onerror], main [onload], main [onclick]").length,
    scripts: document.querySelectorAll("main script").length,
    javascriptLinks: [...document.querySelectorAll("a[href]")].filter((a) => /^\s*javascript:/i.test(a.getAttribute("href") ?? "")).length,
    images: document.querySelectorAll(`main img[src="x"]`).length,
  }));
  expect(live, page.url()).toEqual({ handlers: 0, scripts: 0, javascriptLinks: 0, images: 0 });
}

describe("a post with markup in it", () => {
  it("renders as text on the thread page, the space page and in search results", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signedInDemoMember(context, server.url, "mallory");
      const marker = uniqueName("inert");
      const title = `${marker} ${IMG}`;
      // Written with the compose form, as anyone could.
      await page.goto(`${server.url}/c/${DEMO.slug}/s/general`);
      await page.getByLabel("Title", { exact: true }).fill(title);
      await page.getByLabel("Your message", { exact: true }).fill(`${marker}\n\n${SCRIPT}\n\n${IMG}\n\n${LINK}`);
      await Promise.all([page.waitForURL(/\/t\/[^/?#]+$/), page.getByRole("button", { name: "Start the thread" }).click()]);
      const threadUrl = page.url();

      await page.goto(threadUrl);
      await expectInert(page);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(title);
      const post = page.locator("article.post").first();
      const text = (await post.textContent()) ?? "";
      expect(text).toContain(SCRIPT);
      expect(text).toContain(IMG);
      expect(text).toContain("click");

      await page.goto(`${server.url}/c/${DEMO.slug}/s/general`);
      await expectInert(page);
      await expect(page.getByRole("link", { name: title }).count()).resolves.toBe(1);

      await page.goto(`${server.url}/search?q=${encodeURIComponent(marker)}`);
      await expectInert(page);
      await expect(page.locator(`main a[href^="/t/"]`).count(), "search found the post").resolves.toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
