/**
 * Following and bookmarks in a real browser (issue 11): the buttons work with JavaScript
 * off and on, from the keyboard, and the new pages pass axe in light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, firstThreadId, launchBrowser, pathOf, seriousViolations, signedInDemoMember, withContext } from "./helpers/browser.ts";

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

describe("following a thread", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`works with JavaScript ${javaScriptEnabled ? "on" : "off"}, says so in words, and lists it on /following`, async () => {
      await withContext(browser, { javaScriptEnabled }, async (context) => {
        await signedInDemoMember(context, server.url, javaScriptEnabled ? "follow_js" : "follow_nojs");
        const page = await context.newPage();
        await page.goto(`${server.url}/t/${threadId}`);
        const title = (await page.getByRole("heading", { level: 1 }).textContent())!.trim();
        await Promise.all([page.waitForURL(`**/t/${threadId}`), page.getByRole("button", { name: "Follow this thread" }).click()]);
        expect(pathOf(page)).toBe(`/t/${threadId}`);
        await expect(page.getByRole("button", { name: "Following — stop following" }).count()).resolves.toBe(1);
        await page.goto(`${server.url}/account`);
        await Promise.all([page.waitForURL("**/following"), page.getByRole("link", { name: "What you follow" }).click()]);
        await expect(page.getByRole("link", { name: title }).count()).resolves.toBe(1);
      });
    });
  }

  it("follows a space and bookmarks a thread from the keyboard", async () => {
    await withContext(browser, {}, async (context) => {
      await signedInDemoMember(context, server.url, "follow_keys");
      const page = await context.newPage();
      await page.goto(`${server.url}/c/${DEMO.slug}/s/general`);
      await page.getByRole("button", { name: "Follow this space" }).focus();
      await Promise.all([page.waitForLoadState("load"), page.keyboard.press("Enter")]);
      await page.getByRole("button", { name: "Following — stop following" }).waitFor();
      await page.goto(`${server.url}/t/${threadId}`);
      await page.getByRole("button", { name: "Bookmark this thread" }).focus();
      await Promise.all([page.waitForLoadState("load"), page.keyboard.press("Enter")]);
      await page.getByRole("button", { name: "Bookmarked — remove bookmark" }).waitFor();
      await page.goto(`${server.url}/bookmarks`);
      await expect(page.locator("main li").count()).resolves.toBe(1);
    });
  });
});

describe("the new pages", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`have no serious or critical axe violations in the ${colorScheme} colour scheme`, async () => {
      await withContext(browser, { colorScheme }, async (context) => {
        await signedInDemoMember(context, server.url, `axe_follow_${colorScheme}`);
        const page = await context.newPage();
        await page.goto(`${server.url}/t/${threadId}`);
        await Promise.all([page.waitForURL(`**/t/${threadId}`), page.getByRole("button", { name: "Follow this thread" }).click()]);
        await Promise.all([page.waitForURL(`**/t/${threadId}`), page.getByRole("button", { name: "Bookmark this thread" }).click()]);
        for (const path of [`/t/${threadId}`, `/c/${DEMO.slug}/s/general`, "/following", "/bookmarks", "/notifications/settings"]) {
          await page.goto(`${server.url}${path}`);
          expect(await seriousViolations(page), path).toEqual([]);
        }
      });
    });
  }
});
