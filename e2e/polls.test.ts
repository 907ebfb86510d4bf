/**
 * Polls in a real browser: the demo's meet-up poll voted in with JavaScript on and with
 * it off, its results read in words; a member adds a poll to their own thread without
 * JavaScript; and axe on the thread page with a poll (the form, then the results), in
 * light and dark, at 320 px.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { launchBrowser, seriousViolations, signedInDemoMember, startThreadViaApi, withContext } from "./helpers/browser.ts";

let server: RunningServer;
let browser: Browser;
let pollThread: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const hits = (await (await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent("cold mornings")}`)).json()) as { items: { threadId: string }[] };
  pollThread = hits.items[0]!.threadId;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The poll's section as a person reads it. */
const pollText = async (page: Page) => (await page.locator("section#poll").innerText()).replace(/\s+/g, " ");

async function voteFor(page: Page, label: string) {
  await page.goto(`${server.url}/t/${pollThread}`);
  const poll = page.getByRole("group", { name: "Which time suits you for the online meet-up?" });
  await poll.getByLabel(label).check();
  await Promise.all([page.waitForURL(`**/t/${pollThread}#poll`), page.getByRole("button", { name: "Vote" }).click()]);
}

describe("voting in the demo's poll", () => {
  it("works with JavaScript on: the choice is counted and the results are shown in words", async () => {
    await withContext(browser, {}, async (context) => {
      await signedInDemoMember(context, server.url, "voter_js");
      const page = await context.newPage();
      await voteFor(page, "Saturday afternoon");
      const text = await pollText(page);
      expect(text).toMatch(/Saturday afternoon \(your choice\) 2 votes, 50%/);
      expect(text).toContain("4 people have voted.");
      expect(await page.getByRole("button", { name: "Vote" }).count()).toBe(0);
    });
  });

  it("works with JavaScript off, from the keyboard", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      await signedInDemoMember(context, server.url, "voter_nojs");
      const page = await context.newPage();
      await page.goto(`${server.url}/t/${pollThread}`);
      await page.getByLabel("Tuesday, late morning").focus();
      await page.keyboard.press("Space");
      expect(await page.getByLabel("Tuesday, late morning").isChecked()).toBe(true);
      await Promise.all([page.waitForURL(`**/t/${pollThread}#poll`), page.getByRole("button", { name: "Vote" }).press("Enter")]);
      const text = await pollText(page);
      expect(text).toMatch(/Tuesday, late morning \(your choice\) 1 vote, \d+%/);
      expect(text).toContain("Thank you: your vote is counted.");
    });
  });

  it("shows a guest the way to sign in, and no vote button", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.url}/t/${pollThread}`);
      expect(await page.getByRole("link", { name: "Sign in to vote" }).count()).toBe(1);
      expect(await page.getByRole("button", { name: "Vote" }).count()).toBe(0);
    });
  });
});

describe("adding a poll without JavaScript", () => {
  it("takes the author's question and options, ignores the blank boxes and shows checkboxes for several choices", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const member = await signedInDemoMember(context, server.url, "asker");
      const thread = await startThreadViaApi(context, server.url, member, "Breathing exercises", "Which ones do you use?");
      const page = await context.newPage();
      await page.goto(`${server.url}/t/${thread.id}`);
      await Promise.all([page.waitForURL(`**/t/${thread.id}/poll/new`), page.getByRole("link", { name: "Add a poll" }).click()]);
      await page.getByLabel("Question", { exact: true }).fill("Which exercises help you most?");
      await page.getByLabel("Option 1", { exact: true }).fill("Pursed-lip breathing");
      await page.getByLabel("Option 3", { exact: true }).fill("Breathing control");
      await page.getByLabel("People may choose more than one option").check();
      await Promise.all([page.waitForURL(`**/t/${thread.id}#poll`), page.getByRole("button", { name: "Add the poll" }).click()]);
      const poll = page.getByRole("group", { name: "Which exercises help you most?" });
      expect(await poll.getByRole("checkbox").count()).toBe(2);
      expect(await pollText(page)).toContain("Choose as many as you like.");
    });
  });
});

describe("the thread page with a poll", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`has no serious axe violations, as a form and as results, in ${colorScheme}, at 320 px`, async () => {
      await withContext(browser, { colorScheme, viewport: { width: 320, height: 800 } }, async (context) => {
        await signedInDemoMember(context, server.url, `axe_poll_${colorScheme}`);
        const page = await context.newPage();
        await page.goto(`${server.url}/t/${pollThread}`);
        expect(await page.getByRole("button", { name: "Vote" }).count()).toBe(1);
        expect(await seriousViolations(page)).toEqual([]);
        await voteFor(page, "Thursday, early evening");
        expect(await page.locator("section#poll svg.poll-bar").count()).toBe(3);
        expect(await seriousViolations(page)).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, "the page scrolls sideways at 320 px").toBeLessThanOrEqual(0);
        // The Add a poll page, for a thread of this member's own.
        const member = await signedInDemoMember(context, server.url, `axe_asker_${colorScheme}`);
        const thread = await startThreadViaApi(context, server.url, member, "Pacing", "How do you pace the stairs?");
        await page.goto(`${server.url}/t/${thread.id}/poll/new`);
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toContain("Add a poll");
        expect(await seriousViolations(page)).toEqual([]);
      });
    });
  }
});
