/**
 * Issue 8's journeys in a real browser with JavaScript off: an organiser who is not a
 * clinician adds a clinicians-only space; a newcomer signs up and joins a community in
 * one step; the navigation fits one line at 375 px.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, launchBrowser, PASSWORD, pathOf, signedInDemoMember, uniqueName, withContext } from "./helpers/browser.ts";

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

describe("an organiser who is not a clinician", () => {
  it("is warned, comes back to the community with a confirmation, and sees the space listed as one they can't read", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      // A member of the demo, signed in through the API; they start a community of their own in the browser.
      await signedInDemoMember(context, server.url, "organiser");
      const slug = uniqueName("circle").replace(/_/g, "-");
      await page.goto(`${server.url}/communities/new`);
      await page.getByLabel("Name", { exact: true }).fill("Breathing circle");
      await page.getByLabel("Web address", { exact: true }).fill(slug);
      await page.getByLabel("What the community is for", { exact: true }).fill("People with a lung condition, talking together.");
      for (const label of ["Who pays for it", "How it keeps going", "What happens to members' data", "Conflicts of interest"]) {
        await page.getByLabel(label, { exact: true }).fill("None.");
      }
      await Promise.all([page.waitForURL(`**/c/${slug}`), page.getByRole("button", { name: "Start the community" }).click()]);

      await page.getByRole("link", { name: "Add a space" }).click();
      await page.waitForURL(`**/c/${slug}/spaces/new`);
      await expect(page.getByText("You are not one of them: you will not be able to read this space").count()).resolves.toBeGreaterThan(0);
      await page.getByLabel("Name", { exact: true }).fill("Clinicians who support us");
      await page.getByLabel("Web address", { exact: true }).fill("clinicians");
      await page.getByLabel("Verified clinicians", { exact: true }).check();
      await Promise.all([page.waitForURL((url) => url.pathname === `/c/${slug}`), page.getByRole("button", { name: "Add the space" }).click()]);

      expect(pathOf(page)).toBe(`/c/${slug}`);
      await expect(page.getByRole("status").textContent()).resolves.toContain("You added the space Clinicians who support us.");
      const card = page.locator("li.locked-space", { hasText: "Clinicians who support us" });
      await expect(card.textContent()).resolves.toContain("Verified clinicians only (you can't read it)");
      await expect(card.getByRole("link", { name: "Rename Clinicians who support us" }).count()).resolves.toBe(1);
      await expect(card.getByRole("link", { name: "Delete Clinicians who support us" }).count()).resolves.toBe(1);
      await expect(page.getByRole("heading", { name: "Page not found" }).count()).resolves.toBe(0);
    });
  });
});

describe("a newcomer on a community's page", () => {
  it("creates an account and joins in one step, and lands on the community's welcome page", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.url}/c/${DEMO.slug}`);
      // Before joining, the carers' space is listed with a lock and who it is for, never its threads.
      await expect(page.locator("li.locked-space").first().textContent()).resolves.toContain("(carers) only (you can't read it)");
      await Promise.all([page.waitForURL(/\/signup\?join=/), page.getByRole("link", { name: `Create an account and join ${DEMO.name}` }).click()]);
      const username = uniqueName("newcomer");
      await page.getByLabel("Username", { exact: true }).fill(username);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await Promise.all([page.waitForURL("**/signup"), page.getByRole("button", { name: `Create my account and join ${DEMO.name}` }).click()]);
      // The recovery codes are shown once, first; then on to the welcome page.
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Your account is ready");
      await Promise.all([page.waitForURL(`**/c/${DEMO.slug}/welcome`), page.getByRole("link", { name: "I have kept them safe, continue" }).click()]);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(`Welcome to ${DEMO.name}`);
      await expect(page.getByText(`Signed in as ${username}`).count()).resolves.toBe(1);
      await page.getByRole("link", { name: `Go to ${DEMO.name}` }).click();
      await page.getByRole("button", { name: "Leave this community" }).waitFor();
    });
  });
});

describe("the navigation", () => {
  it("fits one line at 375 px, signed in, with room for one more item", async () => {
    await withContext(browser, { viewport: { width: 375, height: 700 } }, async (context) => {
      const page = await context.newPage();
      await signedInDemoMember(context, server.url, "narrow");
      await page.goto(`${server.url}/c/${DEMO.slug}`);
      const measure = () =>
        page.evaluate(() => {
          const nav = document.querySelector("nav.main-nav ul")!;
          const items = [...nav.querySelectorAll(":scope > li")];
          return {
            tops: [...new Set(items.map((li) => Math.round(li.getBoundingClientRect().top)))],
            overflow: nav.scrollWidth - nav.clientWidth,
            pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            labels: items.map((li) => li.textContent),
          };
        });
      const layout = await measure();
      expect(layout.labels).toEqual(["Search", "Notifications", "Account"]);
      expect(layout.tops).toHaveLength(1);
      expect(layout.overflow).toBe(0);
      expect(layout.pageOverflow).toBe(0);
      // Room for one more item, as long as "How you appear": add it, and the line still holds.
      await page.evaluate(() => {
        const li = document.createElement("li");
        li.innerHTML = '<a href="/settings/personas">How you appear</a>';
        document.querySelector("nav.main-nav ul")!.appendChild(li);
      });
      const withAccount = await measure();
      expect(withAccount.tops).toHaveLength(1);
      expect(withAccount.overflow).toBe(0);
      expect(withAccount.pageOverflow).toBe(0);
    });
  });
});
