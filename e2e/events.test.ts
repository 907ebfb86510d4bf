/**
 * Events in a real browser (issue 13): a member organises one from the form with JavaScript off,
 * another answers going and then the waitlist takes the next; the event pages have no serious
 * or critical axe violations, on a small phone too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, launchBrowser, pathOf, seriousViolations, signedInDemoMember, withContext } from "./helpers/browser.ts";

let server: RunningServer;
let browser: Browser;
let eventPath = "";

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const nextYear = new Date().getUTCFullYear() + 1;
const main = (page: Page) => page.locator("main").innerText();

describe("organising and answering an event without JavaScript", () => {
  it("makes the event from the form, shows its accessibility in words, and takes answers with a waitlist", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      await signedInDemoMember(context, server.url, "organiser");
      const page = await context.newPage();
      await page.goto(`${server.url}/c/${DEMO.slug}/events`);
      await page.getByRole("link", { name: "Organise an event" }).click();
      expect(pathOf(page)).toBe(`/c/${DEMO.slug}/events/new`);
      await page.getByLabel("Title").fill("Pulmonary rehab taster");
      await page.getByLabel("Starts").fill(`${nextYear}-10-25T10:00`);
      await page.getByLabel("Ends").fill(`${nextYear}-10-25T11:30`);
      await page.getByRole("group", { name: "How people take part" }).getByLabel("In person", { exact: true }).check();
      await page.getByLabel("Address").fill("The leisure centre, Park Road");
      await page.getByLabel("Places").fill("1");
      await page.getByRole("group", { name: "Step-free access all the way in" }).getByLabel("Yes", { exact: true }).check();
      await page.getByRole("group", { name: "Hearing loop" }).getByLabel("No", { exact: true }).check();
      await page.getByRole("button", { name: "Create the event" }).click();

      expect(pathOf(page)).toMatch(/^\/events\/[^/]+$/);
      eventPath = pathOf(page);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Pulmonary rehab taster");
      const text = await main(page);
      expect(text).toContain("10:00 to 11:30 (Europe/London time)");
      expect(text).toMatch(/Step-free access all the way in\s+Yes/);
      expect(text).toMatch(/Hearing loop\s+No/);
      expect(await page.getByRole("link", { name: "Add to your calendar (.ics)" }).getAttribute("href")).toBe(`${eventPath}.ics`);
    });

    // Two members answer: the first takes the one place, the second waits, number 1.
    for (const [prefix, expected] of [
      ["first", "You are going."],
      ["second", "You are on the waitlist: number 1."],
    ] as const) {
      await withContext(browser, { javaScriptEnabled: false }, async (context) => {
        await signedInDemoMember(context, server.url, prefix);
        const page = await context.newPage();
        await page.goto(`${server.url}${eventPath}`);
        await page.getByRole("group", { name: "Are you going?" }).getByLabel("Going", { exact: true }).check();
        await page.getByRole("button", { name: "Save my answer" }).click();
        expect(pathOf(page)).toBe(eventPath);
        expect(await main(page)).toContain(expected);
      });
    }
  });
});

describe("the event pages", () => {
  it("have no serious or critical axe violations, on a 320 px screen too", async () => {
    expect(eventPath, "the first test made the event").not.toBe("");
    const found: Record<string, string[]> = {};
    for (const viewport of [undefined, { width: 320, height: 640 }]) {
      await withContext(browser, viewport ? { viewport } : {}, async (context) => {
        const page = await context.newPage();
        const guestPages = [`/c/${DEMO.slug}/events`, `/c/${DEMO.slug}/events?when=past`, eventPath];
        for (const path of guestPages) {
          const response = await page.goto(`${server.url}${path}`);
          expect(response?.status(), path).toBe(200);
          const problems = await seriousViolations(page);
          if (problems.length) found[`${path} (guest${viewport ? ", small" : ""})`] = problems;
        }
        await signedInDemoMember(context, server.url, "axe_events");
        for (const path of [eventPath, "/met", `/c/${DEMO.slug}/events/new`]) {
          const response = await page.goto(`${server.url}${path}`);
          expect(response?.status(), path).toBe(200);
          const problems = await seriousViolations(page);
          if (problems.length) found[`${path} (member${viewport ? ", small" : ""})`] = problems;
        }
        if (viewport) {
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, "the new-event form scrolls sideways on a small phone").toBeLessThanOrEqual(320);
        }
      });
    }
    expect(found).toEqual({});
  });
});
