/**
 * Checking in, in Chromium, with JavaScript off and on: a member of the demo community
 * checks in from the community page with one press (changing one answer first), lands on
 * their own history with a chart and a table, and the pages have no serious axe violations
 * and fit a 320 px screen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, launchBrowser, seriousViolations, signedInDemoMember, withContext } from "./helpers/browser.ts";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Checks in from the community page, breathlessness set to `breathless` by its label, the rest as the form starts. */
async function checkInFromCommunityPage(page: Page, breathless: string) {
  await page.goto(`${server.url}/c/${DEMO.slug}`);
  const section = page.getByRole("region", { name: "Check in" });
  const question = section.getByRole("group", { name: "How breathless are you today?" });
  await question.getByLabel(breathless, { exact: true }).check();
  await Promise.all([page.waitForURL(`**/c/${DEMO.slug}/checkin?saved=*`), section.getByRole("button", { name: "Check in" }).click()]);
}

describe("checking in", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`works from the community page with JavaScript ${javaScriptEnabled ? "on" : "off"}, and shows the member's own history`, async () => {
      await withContext(browser, { javaScriptEnabled }, async (context) => {
        await signedInDemoMember(context, server.url, "checker");
        const page = await context.newPage();
        await checkInFromCommunityPage(page, "7");
        await page.getByText("Thank you. Today’s check-in is saved.").waitFor();
        const table = page.getByRole("table", { name: /Your newest 1 of 1 check-in/ });
        await expect(table.getByRole("cell", { name: "7", exact: true }).count()).resolves.toBeGreaterThan(0);
        await expect(page.getByRole("img", { name: "How breathless are you today?" }).count()).resolves.toBe(1);
        // The community's week, from the demo's shared check-ins: a count, nobody's answers.
        await page.getByText("5 members shared a check-in in the last 7 days.").waitFor();
        // Again the same day: the button says so, and the day's answers are replaced, not added.
        await page.goto(`${server.url}/c/${DEMO.slug}`);
        await page.getByRole("button", { name: "Check in again" }).waitFor();
      });
    });
  }

  it("has no serious accessibility problems on the check-in page or the community page with its form, and fits 320 px", async () => {
    await withContext(browser, { viewport: { width: 320, height: 640 } }, async (context) => {
      await signedInDemoMember(context, server.url, "axe");
      const page = await context.newPage();
      await checkInFromCommunityPage(page, "3");
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await page.goto(`${server.url}/c/${DEMO.slug}`);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    });
  });

  it("answers by keyboard alone", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      await signedInDemoMember(context, server.url, "keys");
      const page = await context.newPage();
      await page.goto(`${server.url}/c/${DEMO.slug}/checkin`);
      const question = page.getByRole("group", { name: "How breathless are you today?" });
      await question.getByLabel("5", { exact: true }).focus();
      await page.keyboard.press("ArrowRight");
      expect(await question.getByLabel("6", { exact: true }).isChecked()).toBe(true);
      await page.getByRole("button", { name: "Check in" }).focus();
      await Promise.all([page.waitForURL("**/checkin?saved=new"), page.keyboard.press("Enter")]);
      await page.getByText("Thank you. Today’s check-in is saved.").waitFor();
    });
  });
});
