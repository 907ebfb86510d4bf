/**
 * The first thing a person does on Hearth, in a real browser against a real server:
 * sign up, join the demo community, start a thread; someone else replies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, expectDemoNotice, joinDemoInBrowser, launchBrowser, pathOf, signUpInBrowser, uniqueName } from "./helpers/browser.ts";

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

/** Opens the General space from the community page and starts a thread with the compose form. */
async function startThreadInGeneral(page: Page, title: string, body: string) {
  await page.getByRole("link", { name: "General", exact: true }).first().click();
  await page.waitForURL(`**/c/${DEMO.slug}/s/general`);
  await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("General");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Your message", { exact: true }).fill(body);
  await Promise.all([page.waitForURL(/\/t\/[^/?#]+$/), page.getByRole("button", { name: "Start the thread" }).click()]);
}

/** The <article class="post"> elements of a thread page, in order. */
const posts = (page: Page) => page.locator("article.post");

describe("a newcomer", () => {
  it("signs up, joins the demo community and starts a thread; another person replies and both see it", async () => {
    const anna = { name: uniqueName("anna"), context: await browser.newContext() };
    const carl = { name: uniqueName("carl"), context: await browser.newContext() };
    try {
      const a = await anna.context.newPage();
      const annaShown = await signUpInBrowser(a, server.url, { username: anna.name });
      expect(pathOf(a)).toBe("/");
      await expectDemoNotice(a);
      await expect(a.getByText(`Signed in as ${anna.name}`).count()).resolves.toBe(1);

      await joinDemoInBrowser(a, server.url);
      await expectDemoNotice(a);
      await expect(a.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(DEMO.name);

      const title = `Breathless on the stairs ${anna.name}`;
      await startThreadInGeneral(a, title, "Does anyone else **stop halfway** up the stairs?\n\nI count steps now.");
      await expectDemoNotice(a);
      await expect(a.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(title);
      const threadPath = pathOf(a);
      await expect(posts(a).count()).resolves.toBe(1);
      await expect(posts(a).first().locator("strong").textContent()).resolves.toBe("stop halfway");

      // A second person, in a browser of their own, finds the thread and replies.
      const c = await carl.context.newPage();
      const carlShown = await signUpInBrowser(c, server.url, { username: carl.name, displayName: `Carl ${carl.name.slice(-6)}`, carer: true });
      await expectDemoNotice(c);
      await joinDemoInBrowser(c, server.url);
      await c.getByRole("link", { name: "General", exact: true }).first().click();
      await c.waitForURL(`**/c/${DEMO.slug}/s/general`);
      await expectDemoNotice(c);
      await c.getByRole("link", { name: title }).click();
      await c.waitForURL(`**${threadPath}`);
      await expectDemoNotice(c);
      await c.getByLabel("Your reply", { exact: true }).fill("I do too. I stop on the landing and nobody minds.");
      await Promise.all([c.waitForURL(new RegExp(`${threadPath}(\\?[^#]*)?#post-`)), c.getByRole("button", { name: "Post reply" }).click()]);
      await expectDemoNotice(c);

      // Both see the opening post (with its persona badge) and the reply.
      await a.reload();
      for (const page of [a, c]) {
        await expect(posts(page).count()).resolves.toBe(2);
        const opening = posts(page).nth(0);
        await expect(opening.locator(".author-name").textContent()).resolves.toBe(annaShown);
        await expect(opening.locator(".badge").textContent()).resolves.toBe("Personal");
        const reply = posts(page).nth(1);
        await expect(reply.textContent()).resolves.toContain("I stop on the landing");
        await expect(reply.locator(".author-name").textContent()).resolves.toBe(carlShown);
        await expect(reply.locator(".badge").textContent()).resolves.toBe("Looks after someone");
        await expectDemoNotice(page);
      }
    } finally {
      await anna.context.close();
      await carl.context.close();
    }
  });

  it("welcomes the demo's newcomer with one tap under their hello (ADR 41)", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await signUpInBrowser(page, server.url, { username: uniqueName("wes") });
      await joinDemoInBrowser(page, server.url);
      // From the General space's list: the community page shows only the newest threads, and the demo's events add one.
      await page.goto(`${server.url}/c/${DEMO.slug}/s/general`);
      await page.getByRole("link", { name: "Hello from a newcomer" }).first().click();
      await page.waitForURL(/\/t\/[^/?#]+$/);
      await Promise.all([page.waitForURL(/#post-/), page.getByRole("button", { name: "Welcome Ann" }).click()]);
      await expect(page.getByText("You welcomed Ann.").count()).resolves.toBe(1);
      await expect(page.getByRole("button", { name: "Welcome Ann" }).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });

  it("can do all of it with JavaScript switched off", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const name = uniqueName("nojs");
      await signUpInBrowser(page, server.url, { username: name });
      expect(pathOf(page)).toBe("/");
      await expect(page.getByText(`Signed in as ${name}`).count()).resolves.toBe(1);
      await joinDemoInBrowser(page, server.url);
      const title = `Written without JavaScript ${name}`;
      await startThreadInGeneral(page, title, "Forms still work when scripts do not.");
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(title);
      await page.getByLabel("Your reply", { exact: true }).fill("And replies too.");
      await Promise.all([page.waitForURL(/#post-/), page.getByRole("button", { name: "Post reply" }).click()]);
      await expect(posts(page).count()).resolves.toBe(2);
      await expect(posts(page).nth(1).textContent()).resolves.toContain("And replies too.");
      await expectDemoNotice(page);
    } finally {
      await context.close();
    }
  });
});
