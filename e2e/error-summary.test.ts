/**
 * The error summary (GOV.UK and NHS pattern, ADR 28) in a real browser with JavaScript
 * off: a form sent with several problems comes back with "There is a problem" first in
 * the main content, focused, listing every problem in the form's order, and each link
 * takes the person to its field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { launchBrowser, pathOf } from "./helpers/browser.ts";

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

describe("the error summary, with JavaScript off", () => {
  it("lists every problem of the sign-up form in form order, takes focus, comes first and links to each field", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/signup`);
      // Three problems at once: no username, the suggested name cleared, no password.
      await page.getByLabel("Your name here", { exact: true }).fill("");
      await Promise.all([page.waitForURL("**/signup"), page.getByRole("button", { name: "Create my account" }).click()]);
      expect(pathOf(page)).toBe("/signup");
      await expect(page.title()).resolves.toBe("Error: Join Hearth · Hearth");

      const summary = page.locator(".error-summary");
      await expect(summary.getByRole("heading", { level: 2 }).textContent()).resolves.toBe("There is a problem");
      const links = summary.getByRole("link");
      await expect(links.allTextContents()).resolves.toEqual([
        "Username: Choose a username.",
        "Your name here: Choose the name others will see. The one we suggested is fine.",
        "Password: Choose a password.",
      ]);
      await expect(links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).resolves.toEqual(["#field-username", "#field-displayName", "#field-password"]);

      // First in the main content, and focused as the page loaded (no script ran).
      await expect(page.locator("main > :first-child").getAttribute("class")).resolves.toBe("error-summary");
      await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe("error-summary");
      await expect(summary.getAttribute("role")).resolves.toBe("alert");

      // Each field says its own problem and is tied to it for screen readers.
      const password = page.locator("#field-password");
      await expect(password.getAttribute("aria-describedby")).resolves.toContain("field-password-error");
      await expect(page.locator("#field-password-error").textContent()).resolves.toBe("Choose a password.");

      // The summary's links move to their fields, from the keyboard too.
      await links.nth(2).click();
      expect(new URL(page.url()).hash).toBe("#field-password");
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("field-password");
      await page.keyboard.type("a password long enough");
      await expect(password.inputValue()).resolves.toBe("a password long enough");
      await links.nth(0).focus();
      await page.keyboard.press("Enter");
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("field-username");
    } finally {
      await context.close();
    }
  });
});
