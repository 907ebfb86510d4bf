/**
 * The edge network in a real browser with JavaScript off (issue 14): a member declares what they
 * know, another asks a question in the demo community, it reaches the first (the asker sees how
 * many were asked, not who), is answered and accepted; the community health page shows; the
 * answerer's learning log holds the answer and downloads as CSV. The pages have no serious or
 * critical axe violations, on a small phone too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, launchBrowser, pathOf, seriousViolations, signedInDemoMember, withContext } from "./helpers/browser.ts";

let server: RunningServer;
let browser: Browser;
let questionPath = "";
const title = "Does anyone travel with an oxygen concentrator?";

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const main = (page: Page) => page.locator("main").innerText();
const noJs = { javaScriptEnabled: false };

describe("a question routed, answered and accepted, without JavaScript", () => {
  it("reaches the member whose expertise matches, is answered, accepted, and lands in the answerer's learning log", async () => {
    await withContext(browser, noJs, async (expertContext) => {
      await signedInDemoMember(expertContext, server.url, "expert");
      const expert = await expertContext.newPage();
      // The expert says what they know, and keeps a learning log.
      await expert.goto(`${server.url}/settings/expertise`);
      await expert.getByLabel("Topics you know about").fill("Travelling with oxygen, oxygen concentrators");
      await expert.getByRole("button", { name: "Save" }).click();
      expect(await main(expert)).toContain("Saved.");
      await expert.goto(`${server.url}/me/learning-log`);
      await expert.getByLabel("Add my replies to my learning log").check();
      await expert.getByRole("button", { name: "Save settings" }).click();

      await withContext(browser, noJs, async (askerContext) => {
        await signedInDemoMember(askerContext, server.url, "asker");
        const asker = await askerContext.newPage();
        await asker.goto(`${server.url}/c/${DEMO.slug}`);
        await asker.getByRole("link", { name: "Questions and answers" }).click();
        await asker.getByRole("link", { name: "Ask a question" }).click();
        await asker.getByLabel("Your question", { exact: true }).fill(title);
        await asker.getByLabel("Topics").fill("Oxygen concentrators");
        await asker.getByLabel("Your question in more detail").fill("We are going to Wales for a week. How did you manage?");
        await asker.getByRole("button", { name: "Ask", exact: true }).click();
        expect(pathOf(asker)).toMatch(/^\/t\/[^/]+$/);
        questionPath = pathOf(asker);
        expect(await main(asker)).toContain("We asked one person whose experience matches. We do not say who.");

        // The expert was asked, and answers with the thread's reply form.
        await expert.goto(`${server.url}${questionPath}`);
        expect(await main(expert)).toContain("You were asked this question");
        await expert.getByLabel("Your reply").fill("Yes: ask the supplier for a travel unit a fortnight before, and the car adapter.");
        await expert.getByRole("button", { name: "Post reply" }).click();

        // The asker accepts it with the button under the answer.
        await asker.goto(`${server.url}${questionPath}`);
        await asker.getByRole("button", { name: "Accept this answer" }).click();
        expect(await main(asker)).toContain("Accepted answer");
      });

      // The job puts the answer in the expert's log; then the CSV downloads with it.
      let log = "";
      for (let i = 0; i < 40 && !log.includes(title); i++) {
        await expert.goto(`${server.url}/me/learning-log`);
        log = await main(expert);
        if (!log.includes(title)) await expert.waitForTimeout(500);
      }
      expect(log).toContain(title);
      expect(log).toContain("Question answered");
      const [download] = await Promise.all([expert.waitForEvent("download"), expert.getByRole("link", { name: "Download your log as a spreadsheet (CSV)" }).click()]);
      const csv = await fs.readFile((await download.path())!, "utf8");
      expect(csv).toContain(title);
      await expert.goto(`${server.url}/me/learning-log/print`);
      expect(await main(expert)).toContain(title);
    });
  });

  it("shows the community health page to anyone, its figures withheld while there are few questions", async () => {
    await withContext(browser, noJs, async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.url}/c/${DEMO.slug}`);
      await page.getByRole("link", { name: "How quickly questions are answered" }).click();
      expect(pathOf(page)).toBe(`/c/${DEMO.slug}/health`);
      const text = await main(page);
      expect(text).toContain("Questions anyone can read");
      expect(text).toMatch(/fewer than 5 questions — not shown/);
    });
  });
});

describe("the edge network's pages", () => {
  it("have no serious or critical axe violations, on a 320 px screen too", async () => {
    expect(questionPath, "the first test asked the question").not.toBe("");
    const found: Record<string, string[]> = {};
    for (const viewport of [undefined, { width: 320, height: 640 }]) {
      await withContext(browser, viewport ? { viewport } : {}, async (context) => {
        await signedInDemoMember(context, server.url, "reader");
        const page = await context.newPage();
        for (const path of [questionPath, `/c/${DEMO.slug}/questions`, `/c/${DEMO.slug}/questions/new`, `/c/${DEMO.slug}/topics`, `/c/${DEMO.slug}/health`, "/settings/expertise", "/me/learning-log", "/me/learning-log/print"]) {
          await page.goto(`${server.url}${path}`);
          const violations = await seriousViolations(page);
          if (violations.length) found[`${path} @ ${viewport?.width ?? "desktop"}`] = violations;
          if (viewport) {
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            if (overflow > 0) found[`${path} @ 320: scrolls sideways by ${overflow}px`] = [];
          }
        }
      });
    }
    expect(found).toEqual({});
  });
});
