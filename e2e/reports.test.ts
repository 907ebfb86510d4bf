/**
 * Reporting and moderating from the Reports page, and break-glass, in a real browser
 * with JavaScript off: a member reports a post, a moderator opens "Reports (1)" and
 * hides it, and the reporter and the author see what they should; hiding an opening
 * post with its thread takes the title off the community page and out of search; an
 * administrator asks to reveal a persona by its address and reads the server's audit log.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { launchBrowser, PASSWORD, pathOf, uniqueName } from "./helpers/browser.ts";

const ADMIN = { username: uniqueName("admin"), password: "a long administrator password" };

let server: RunningServer;
let browser: Browser;

type Member = { username: string; token: string; personaId: string; displayName: string };

beforeAll(async () => {
  server = await startServer({ admins: [ADMIN] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(method: "GET" | "POST", path: string, token?: string, body?: object) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return response.json();
}

async function member(prefix: string): Promise<Member> {
  const username = uniqueName(prefix);
  await api("POST", "/api/v1/accounts", undefined, { username, password: PASSWORD });
  const { token } = await api("POST", "/api/v1/sessions", undefined, { username, password: PASSWORD });
  const me = await api("GET", "/api/v1/me", token);
  return { username, token, personaId: me.personas[0].id, displayName: me.personas[0].displayName };
}

/** A browser context with JavaScript off, signed in as the member through the sign-in form. */
async function signedIn(who: { username: string }, password = PASSWORD): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/signin`);
  await page.getByLabel("Username", { exact: true }).fill(who.username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/signin"), page.getByRole("button", { name: "Sign in" }).click()]);
  return { context, page };
}

/** A public community run by `owner`, with `members` in it. */
async function community(owner: Member, members: Member[]) {
  const slug = `r-${randomBytes(3).toString("hex")}`;
  await api("POST", "/api/v1/communities", owner.token, {
    slug,
    name: `Breathing easier ${slug}`,
    purpose: "Talking together.",
    visibility: "public",
    // Guests read its General space, so the title's leaving the page and search can be seen (a new community's first space is members-only otherwise).
    firstSpace: "public",
    charter: { conditions: [], rules: ["Be kind."], funding: "Volunteers.", businessModel: "None.", dataUse: "Never sold.", conflictsOfInterest: "None." },
  });
  for (const m of members) await api("POST", `/api/v1/communities/${slug}/members`, m.token, {});
  return slug;
}

describe("reports, with JavaScript off", () => {
  it("a member reports a post; a moderator opens Reports (1) and hides it; the reporter and the author see what they should", async () => {
    const owner = await member("owner");
    const author = await member("author");
    const reporter = await member("reporter");
    const slug = await community(owner, [author, reporter]);
    const thread = await api("POST", `/api/v1/communities/${slug}/spaces/general/threads`, owner.token, { title: "Sleeping with breathlessness", body: "What helps you sleep?" });
    await api("POST", `/api/v1/threads/${thread.id}/posts`, author.token, { body: "Double your steroid tablets every night." });

    const r = await signedIn(reporter);
    await r.page.goto(`${server.url}/t/${thread.id}`);
    await r.page.getByRole("link", { name: `Report this post by ${author.displayName}` }).click();
    await r.page.waitForURL("**/report?**");
    expect(await r.page.getByRole("heading", { level: 1 }).textContent()).toBe("Report this post");
    // Without a reason: the message beside the question, and nothing sent.
    await r.page.getByRole("button", { name: "Send the report" }).click();
    await expect(r.page.locator("#field-reason-error").textContent()).resolves.toContain("Choose why you are reporting this.");
    await r.page.getByLabel("Unsafe medical advice").check();
    await r.page.getByLabel("Details").fill("That dose could hurt someone.");
    await r.page.getByRole("button", { name: "Send the report" }).click();
    await r.page.waitForURL("**/report/sent?**");
    const thanks = await r.page.locator("main").textContent();
    expect(thanks).toContain("Thank you for your report");
    expect(thanks).toContain("Nobody is shown who sent a report");

    const m = await signedIn(owner);
    await m.page.goto(`${server.url}/c/${slug}`);
    await m.page.getByRole("link", { name: "Reports (1)" }).click();
    await m.page.waitForURL(`**/c/${slug}/moderation/reports`);
    const queue = await m.page.locator("main").textContent();
    expect(queue).toContain("Unsafe medical advice");
    expect(queue).toContain("That dose could hurt someone.");
    expect(queue).toContain("Double your steroid tablets every night.");
    expect(queue).not.toContain(reporter.displayName);
    expect(queue).not.toContain(reporter.username);
    await m.page.locator("summary", { hasText: "Hide this post" }).click();
    await m.page.locator("details[open] input[name=reason]").fill("Unsafe dosing advice.");
    await m.page.locator("details[open]").getByRole("button", { name: "Hide this post" }).click();
    await m.page.waitForURL("**/moderation/reports?done=hide");
    await expect(m.page.getByRole("status").textContent()).resolves.toContain("The post is hidden.");
    await m.page.goto(`${server.url}/c/${slug}`);
    await expect(m.page.getByRole("link", { name: "Reports (0)" }).count()).resolves.toBe(1);

    await r.page.goto(`${server.url}/t/${thread.id}`);
    const asReporter = await r.page.locator("main").textContent();
    expect(asReporter).toContain("Hidden by a moderator.");
    expect(asReporter).not.toContain("Double your steroid tablets");

    const a = await signedIn(author);
    await a.page.goto(`${server.url}/t/${thread.id}`);
    const asAuthor = await a.page.locator("main").textContent();
    expect(asAuthor).toContain("Double your steroid tablets");
    // Its author reads the moderator's reason on it (ADR 31).
    expect(asAuthor).toContain("Only you and the community's moderators can read this post.");
    for (const c of [r.context, m.context, a.context]) await c.close();
  });

  it("hiding an opening post and choosing to hide the thread takes its title off the community page and out of search", async () => {
    const owner = await member("owner");
    const author = await member("author");
    const reporter = await member("reporter");
    const slug = await community(owner, [author, reporter]);
    const word = `zanfrel${randomBytes(2).toString("hex")}`;
    const title = `Buy ${word} drops here`;
    const thread = await api("POST", `/api/v1/communities/${slug}/spaces/general/threads`, author.token, { title, body: "Cheap drops, message me." });
    const opening = (await api("GET", `/api/v1/threads/${thread.id}`, reporter.token)).posts.items[0].id as string;
    await api("POST", "/api/v1/flags", reporter.token, { targetType: "post", targetId: opening, reason: "spam" });

    const guest = await browser.newContext({ javaScriptEnabled: false });
    const g = await guest.newPage();
    // Positive control: the title shows on the community page and in search before it is hidden.
    await g.goto(`${server.url}/c/${slug}`);
    expect(await g.locator("main").textContent()).toContain(title);
    await g.goto(`${server.url}/search?q=${word}`);
    expect(await g.locator("main").textContent()).toContain(title);

    const m = await signedIn(owner);
    await m.page.goto(`${server.url}/c/${slug}/moderation/reports`);
    expect(await m.page.locator("main").textContent()).toContain("The opening post of");
    await m.page.locator("summary", { hasText: "Hide this post" }).click();
    await m.page.locator("details[open] input[name=reason]").fill("Selling in the community.");
    await m.page.getByLabel("Hide the whole thread too").check();
    await m.page.locator("details[open]").getByRole("button", { name: "Hide this post" }).click();
    await m.page.waitForURL("**/moderation/reports?done=hide_thread");
    await expect(m.page.getByRole("status").textContent()).resolves.toContain("The post and its thread are hidden.");

    await g.goto(`${server.url}/c/${slug}`);
    expect(await g.locator("main").textContent()).not.toContain(title);
    await g.goto(`${server.url}/search?q=${word}`);
    expect(await g.locator("main").textContent()).not.toContain(title);
    await g.goto(`${server.url}/t/${thread.id}`);
    expect(await g.title()).not.toContain(word);
    expect(await g.locator("main").textContent()).not.toContain(word);
    await guest.close();
    await m.context.close();
  });
});

describe("break-glass, with JavaScript off", () => {
  it("an administrator asks to reveal a persona by its address, is told what happens next, and finds it in the audit log", async () => {
    const someone = await member("someone");
    const admin = await signedIn(ADMIN, ADMIN.password);
    const page = admin.page;
    await page.goto(`${server.url}/personas/${someone.personaId}`);
    await page.getByRole("link", { name: `Ask to reveal the account behind ${someone.displayName}` }).click();
    await page.waitForURL("**/admin/break-glass?persona=**");
    const address = `${server.url}/personas/${someone.personaId}`;
    await page.getByLabel("The persona's address or id").fill(address);
    // Without a reason: the message beside the field, and the address kept.
    await page.getByRole("button", { name: "Ask a second administrator to approve" }).click();
    await expect(page.locator("#field-reason-error").textContent()).resolves.toContain("Give the reason. The second administrator and the member will read it.");
    expect(await page.getByLabel("The persona's address or id").inputValue()).toBe(address);
    await page.getByLabel("Reason", { exact: true }).fill("A safeguarding report names this persona.");
    await page.getByRole("button", { name: "Ask a second administrator to approve" }).click();
    await page.waitForURL("**/admin/break-glass/**?done=asked");
    const sent = await page.locator("main").textContent();
    expect(sent).toContain("Your request is sent");
    expect(sent).toContain("A second administrator must approve it");
    expect(sent).not.toContain(someone.username);

    await page.getByRole("link", { name: "Back to break-glass" }).click();
    await page.getByRole("link", { name: /Audit log of this server/ }).click();
    expect(pathOf(page)).toBe("/admin/audit-log");
    const log = await page.locator("main").textContent();
    expect(log).toContain("An administrator asked to see which account is behind a persona.");
    expect(log).toContain("A safeguarding report names this persona.");
    expect(log).not.toContain(someone.username);
    await admin.context.close();
  });
});
