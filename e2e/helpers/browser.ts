/**
 * Debian's Chromium driven by playwright-core (no browser download), and the small
 * acts every browser test repeats: signing up, joining, checking the demo notice.
 */
import { randomBytes } from "node:crypto";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM = process.env.HEARTH_CHROMIUM ?? "/usr/bin/chromium";

export const DEMO = { slug: "living-with-copd", name: "Living with COPD (demo)" } as const;

export const PASSWORD = "correct horse battery staple";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // As root in CI, and on a machine whose network ends at the package registries.
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    timeout: 60_000,
  });
}

/** Runs `run` in a fresh browser context made with `options`, closing it whatever happens. */
export async function withContext<T>(browser: Browser, options: Parameters<Browser["newContext"]>[0], run: (context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext(options);
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}

/** The serious and critical axe violations of a page, described well enough to fix. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

/** A username nobody has taken yet (letters, numbers and underscores). */
export const uniqueName = (prefix: string) => `${prefix}_${randomBytes(3).toString("hex")}`;

/** Every page of a server that holds the demo community says so. */
export async function expectDemoNotice(page: Page) {
  const notice = page.getByRole("note").filter({ hasText: "demo community" });
  await expect(notice.count(), `no demo notice on ${page.url()}`).resolves.toBe(1);
  expect(await notice.first().isVisible(), `demo notice hidden on ${page.url()}`).toBe(true);
}

/** The path part of the page's address (what a person sees after the host). */
export const pathOf = (page: Page) => new URL(page.url()).pathname;

/**
 * Signs up through the form, as a person does; lands signed in. Keeps the display name
 * the form suggests unless `displayName` is given, and returns the name others will see.
 */
export async function signUpInBrowser(page: Page, baseUrl: string, options: { username: string; displayName?: string; carer?: boolean }): Promise<string> {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Username", { exact: true }).fill(options.username);
  const nameField = page.getByLabel("Your name here", { exact: true });
  if (options.displayName !== undefined) await nameField.fill(options.displayName);
  const displayName = (await nameField.inputValue()).trim();
  expect(displayName, "the form suggests a name others will see").not.toBe("");
  expect(displayName.toLowerCase(), "the suggested name is never the username").not.toBe(options.username.toLowerCase());
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  if (options.carer) await page.getByLabel("I look after someone (a carer)").check();
  await page.getByRole("button", { name: "Create my account" }).click();
  // The recovery codes are shown once, then the person goes on to where they were going.
  await page.getByRole("heading", { name: "Your account is ready" }).waitFor();
  await Promise.all([page.waitForURL((url) => url.pathname !== "/signup"), page.getByRole("link", { name: "I have kept them safe, continue" }).click()]);
  return displayName;
}

/** Opens the demo community from the home page and joins it with the button. */
export async function joinDemoInBrowser(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/`);
  await page.getByRole("link", { name: DEMO.name }).first().click();
  await page.waitForURL(`**/c/${DEMO.slug}`);
  await page.getByRole("button", { name: "Join this community" }).click();
  await page.getByRole("button", { name: "Leave this community" }).waitFor({ timeout: 30_000 });
}

export type ApiMember = { username: string; token: string };

async function api(context: BrowserContext, baseUrl: string, method: "post" | "get", path: string, data?: object, token?: string) {
  // Without a bearer token the call rides on the context's cookies, so it says where it
  // comes from, as a fetch from Hearth's own page does (ADR 19).
  const response = await context.request[method](`${baseUrl}${path}`, {
    ...(data ? { data } : {}),
    headers: token ? { authorization: `Bearer ${token}` } : { origin: new URL(baseUrl).origin },
  });
  if (!response.ok()) throw new Error(`${method.toUpperCase()} ${path} → ${response.status()}: ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

/**
 * Makes a member of the demo community through the API and signs the browser
 * context in (the session cookie lands in the context's cookie jar). For tests
 * whose subject is a page, not signing up.
 */
export async function signedInDemoMember(context: BrowserContext, baseUrl: string, prefix = "member"): Promise<ApiMember> {
  const username = uniqueName(prefix);
  await api(context, baseUrl, "post", "/api/v1/accounts", { username, password: PASSWORD });
  const { token } = (await api(context, baseUrl, "post", "/api/v1/sessions", { username, password: PASSWORD })) as { token: string };
  await api(context, baseUrl, "post", `/api/v1/communities/${DEMO.slug}/members`, {}, token);
  return { username, token };
}

export async function startThreadViaApi(context: BrowserContext, baseUrl: string, member: ApiMember, title: string, body: string, space = "general") {
  return (await api(context, baseUrl, "post", `/api/v1/communities/${DEMO.slug}/spaces/${space}/threads`, { title, body }, member.token)) as { id: string };
}

export async function firstThreadId(context: BrowserContext, baseUrl: string, space = "general"): Promise<string> {
  const page = (await api(context, baseUrl, "get", `/api/v1/communities/${DEMO.slug}/spaces/${space}/threads`)) as { items: { id: string }[] };
  if (!page.items[0]) throw new Error(`The demo space ${space} has no threads.`);
  return page.items[0].id;
}
