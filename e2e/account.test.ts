/**
 * Your account and getting back into it, in Chromium with JavaScript off, against a
 * real `hearth serve` that sends its mail to a real SMTP server: the links are read
 * from the mail that arrived, as a person reads them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { launchBrowser, PASSWORD, pathOf, uniqueName } from "./helpers/browser.ts";
import { linkIn, startSmtpInbox, type SmtpInbox } from "../test/helpers/smtp-inbox.ts";

let server: RunningServer;
let browser: Browser;
let inbox: SmtpInbox;

beforeAll(async () => {
  inbox = await startSmtpInbox();
  server = await startServer({ env: { SMTP_URL: inbox.url } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await inbox?.close();
});

const NEW_PASSWORD = "a kettle on the hob at noon";
const address = () => `${uniqueName("m")}@example.org`;

async function withoutJavaScript<T>(run: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    return await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

/** Signs up through the form (with an email when given); returns the recovery codes the next page shows. */
async function signUp(page: Page, username: string, email?: string): Promise<string[]> {
  await page.goto(`${server.url}/signup`);
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  if (email) await page.getByLabel("Email (optional)", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Create my account" }).click();
  await page.getByRole("heading", { name: "Your account is ready" }).waitFor();
  await expect(page.getByText("Keep these somewhere safe. Anyone with one can reset your password.").count()).resolves.toBe(1);
  const codes = await page.getByRole("list", { name: "Your recovery codes" }).locator("code").allTextContents();
  expect(codes).toHaveLength(10);
  await Promise.all([page.waitForURL((url) => url.pathname === "/"), page.getByRole("link", { name: "I have kept them safe, continue" }).click()]);
  return codes;
}

async function signOut(page: Page) {
  await Promise.all([page.waitForURL((url) => url.pathname === "/"), page.getByRole("button", { name: "Sign out" }).first().click()]);
  await expect(page.getByRole("link", { name: "Sign in" }).count()).resolves.toBeGreaterThan(0);
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/signin`);
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState();
}

const signedInAs = (page: Page, username: string) => page.getByText(`Signed in as ${username}`).count();

/** Opens the verification link of the newest mail to `email` and confirms. */
async function confirmEmail(page: Page, email: string, count = 1) {
  const mail = (await inbox.waitFor(email, count)).at(-1)!;
  expect(mail.subject).toBe("Confirm your email address for Hearth");
  await page.goto(linkIn(mail, `${server.url}/account/email/verify?token=`));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await page.getByRole("heading", { name: "Email address confirmed" }).waitFor();
}

describe("forgot password", () => {
  it("by email: the link from the mail sets a new password, once", async () => {
    await withoutJavaScript(async (page) => {
      const username = uniqueName("forgot");
      const email = address();
      await signUp(page, username, email);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
      await expect(page.getByText(`Your email address is ${email} (not confirmed yet).`).count()).resolves.toBe(1);
      await page.getByRole("button", { name: "Send me a link to confirm it" }).click();
      await expect(page.getByText("We have sent a new link.").count()).resolves.toBe(1);
      await confirmEmail(page, email);
      await page.goto(`${server.url}/`);
      await signOut(page);

      await page.goto(`${server.url}/signin`);
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByLabel("Username or email address", { exact: true }).fill(email);
      await page.getByRole("button", { name: "Send me a link" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor();

      const mail = (await inbox.waitFor(email, 2)).at(-1)!;
      expect(mail.subject).toBe("Reset your Hearth password");
      expect(mail.raw).not.toContain(username);
      const link = linkIn(mail, `${server.url}/forgot-password/reset?token=`);
      await page.goto(link);
      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === "/signin"), page.getByRole("button", { name: "Set my new password" }).click()]);
      await expect(page.getByText("Your password is changed, and you are signed out everywhere.").count()).resolves.toBe(1);

      await signIn(page, username, PASSWORD);
      await expect(signedInAs(page, username)).resolves.toBe(0);
      await signIn(page, username, NEW_PASSWORD);
      await expect(signedInAs(page, username)).resolves.toBe(1);

      // The link worked once.
      await page.goto(link);
      await expect(page.getByRole("heading", { name: "This link no longer works" }).count()).resolves.toBe(1);
      await expect(page.getByText("This link has expired or was already used.").count()).resolves.toBe(1);
    });
  });

  it("by recovery code: a code from sign-up sets a new password, and is refused the second time next to its field", async () => {
    await withoutJavaScript(async (page) => {
      const username = uniqueName("code");
      const codes = await signUp(page, username);
      await signOut(page);

      await page.goto(`${server.url}/signin`);
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByRole("link", { name: "Use a recovery code" }).click();
      await page.getByLabel("Username", { exact: true }).fill(username);
      await page.getByLabel("Recovery code", { exact: true }).fill(codes[3]!);
      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === "/signin"), page.getByRole("button", { name: "Set my new password" }).click()]);
      await signIn(page, username, NEW_PASSWORD);
      await expect(signedInAs(page, username)).resolves.toBe(1);
      await signOut(page);

      await page.goto(`${server.url}/forgot-password/code`);
      await page.getByLabel("Username", { exact: true }).fill(username);
      await page.getByLabel("Recovery code", { exact: true }).fill(codes[3]!);
      await page.getByLabel("New password", { exact: true }).fill("someone else's new password");
      await page.getByRole("button", { name: "Set my new password" }).click();
      await page.waitForLoadState();
      expect(pathOf(page)).toBe("/forgot-password/code");
      await expect(page.locator("#field-code-error").textContent()).resolves.toContain("already used");
      await signIn(page, username, NEW_PASSWORD);
      await expect(signedInAs(page, username)).resolves.toBe(1);
    });
  });
});

describe("your account", () => {
  it("changes the password (asking the current one) and the email (verified by the link in the mail)", async () => {
    await withoutJavaScript(async (page) => {
      const username = uniqueName("acct");
      await signUp(page, username);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
      await page.getByRole("heading", { name: "Your account", level: 1 }).waitFor();

      // The password, with a wrong current one first.
      await page.getByRole("link", { name: "Change your password" }).click();
      await page.getByLabel("Current password", { exact: true }).fill("not my password at all");
      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page.locator("#field-current-error").textContent()).resolves.toContain("not your current password");
      await page.getByLabel("Current password", { exact: true }).fill(PASSWORD);
      await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Change password" }).click();
      await expect(page.getByText("Your password is changed.").count()).resolves.toBe(1);

      // An email: one that is not an email is refused next to the field.
      const first = address();
      await page.goto(`${server.url}/account`);
      await page.getByRole("link", { name: "Add an email address" }).click();
      await page.getByLabel("Email address", { exact: true }).fill("not an email");
      await page.getByLabel("Your current password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Send the link" }).click();
      await expect(page.locator("#field-email-error").textContent()).resolves.toContain("does not look like an email address");
      await page.getByLabel("Email address", { exact: true }).fill(first);
      await page.getByLabel("Your current password", { exact: true }).fill(NEW_PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === "/account"), page.getByRole("button", { name: "Send the link" }).click()]);
      await expect(page.getByText("We have sent a link to your new address.").count()).resolves.toBe(1);
      await confirmEmail(page, first);
      await page.goto(`${server.url}/account`);
      await expect(page.getByText(`Your email address is ${first} (confirmed).`).count()).resolves.toBe(1);

      // Changing it: the old one stays until the new one is confirmed.
      const second = address();
      await page.getByRole("link", { name: "Change your email address" }).click();
      await page.getByLabel("Email address", { exact: true }).fill(second);
      await page.getByLabel("Your current password", { exact: true }).fill(NEW_PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === "/account"), page.getByRole("button", { name: "Send the link" }).click()]);
      await expect(page.getByText(`Your email address is ${first} (confirmed).`).count()).resolves.toBe(1);
      await expect(page.getByText(`We sent a link to ${second}.`).count()).resolves.toBe(1);
      await confirmEmail(page, second);
      await page.goto(`${server.url}/account`);
      await expect(page.getByText(`Your email address is ${second} (confirmed).`).count()).resolves.toBe(1);

      // New recovery codes, shown once.
      await page.getByRole("link", { name: "Make new recovery codes" }).click();
      await page.getByLabel("Your current password", { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("button", { name: "Make new codes" }).click();
      await expect(page.getByRole("list", { name: "Your recovery codes" }).locator("code").count()).resolves.toBe(10);
      await expect(page.getByText("Keep these somewhere safe. Anyone with one can reset your password.").count()).resolves.toBe(1);
    });
  });
});
