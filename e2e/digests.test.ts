/**
 * Notification email in a real browser (ADR 38): the one-click unsubscribe page works signed
 * out with JavaScript off; with JavaScript on, the header's notification count follows the
 * server-sent events; the settings and unsubscribe pages pass axe in light and dark.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { launchBrowser, seriousViolations, signedInDemoMember, startThreadViaApi, withContext, type ApiMember } from "./helpers/browser.ts";

// A known server secret, so the test can sign an unsubscribe link as the server does (its key for "unsubscribe").
const SECRET = "e2e-digests-secret-that-is-long-enough-0123456789";
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ env: { HEARTH_SECRET: SECRET } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function unsubscribePath(accountId: string, scope: string): string {
  const key = createHmac("sha256", Buffer.from(SECRET, "utf8")).update("hearth:unsubscribe").digest();
  return `/unsubscribe/${accountId}.${scope}.${createHmac("sha256", key).update(`${accountId}:${scope}`).digest("base64url")}`;
}

async function apiAs(context: BrowserContext, member: ApiMember, method: "get" | "post", path: string, data?: object) {
  const response = await context.request[method](`${server.url}${path}`, { ...(data ? { data } : {}), headers: { authorization: `Bearer ${member.token}` } });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}

describe("one-click unsubscribe", () => {
  it("works signed out with JavaScript off: a page with one button, then that email is off", async () => {
    await withContext(browser, {}, async (setup) => {
      const member = await signedInDemoMember(setup, server.url, "unsub");
      const me = await apiAs(setup, member, "get", "/api/v1/me");
      const path = unsubscribePath(me.id, "replies");
      await withContext(browser, { javaScriptEnabled: false }, async (context) => {
        const page = await context.newPage();
        const opened = await page.goto(`${server.url}${path}`);
        expect(opened?.status()).toBe(200);
        // Opening the link changes nothing (link scanners open links in mail).
        expect((await apiAs(setup, member, "get", "/api/v1/me/preferences")).email.replies).toBe("immediate");
        await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Stop these emails" }).click()]);
        await page.getByText("Hearth will not email you about replies to threads you started any more.").waitFor();
      });
      expect((await apiAs(setup, member, "get", "/api/v1/me/preferences")).email.replies).toBe("off");
      const bad = await setup.request.get(`${server.url}${path.slice(0, -4)}AAAA`);
      expect(bad.status()).toBe(404);
    });
  });
});

describe("the live notification count", () => {
  it("updates the header with JavaScript on when a reply arrives", async () => {
    await withContext(browser, {}, async (context) => {
      const author = await signedInDemoMember(context, server.url, "live");
      const thread = await startThreadViaApi(context, server.url, author, "Live count", "Does the count follow?");
      const page = await context.newPage();
      await page.goto(`${server.url}/notifications/settings`);
      const link = page.getByRole("navigation", { name: /main/i }).getByRole("link", { name: /^Notifications/ });
      await expect(link.textContent()).resolves.toBe("Notifications");
      await withContext(browser, {}, async (other) => {
        const replier = await signedInDemoMember(other, server.url, "replier");
        await apiAs(other, replier, "post", `/api/v1/threads/${thread.id}/posts`, { body: "It should." });
      });
      await page.waitForFunction(() => document.querySelector("[data-live-count]")?.textContent === "Notifications (1)", undefined, { timeout: 20_000 });
    });
  });

  it("leaves the header as the server wrote it with JavaScript off", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      await signedInDemoMember(context, server.url, "live_nojs");
      const page = await context.newPage();
      await page.goto(`${server.url}/notifications/settings`);
      await expect(page.locator("[data-live-count]").textContent()).resolves.toBe("Notifications");
      await page.getByRole("radio", { name: "In a daily digest" }).first().check();
      await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Save email choices" }).click()]);
      await page.getByText("Saved. Hearth will email you as you chose.").waitFor();
    });
  });
});

describe("the new pages", () => {
  for (const colorScheme of ["light", "dark"] as const) {
    it(`have no serious or critical axe violations in the ${colorScheme} colour scheme`, async () => {
      await withContext(browser, { colorScheme }, async (context) => {
        const member = await signedInDemoMember(context, server.url, `axe_digest_${colorScheme}`);
        const me = await apiAs(context, member, "get", "/api/v1/me");
        const page = await context.newPage();
        for (const path of ["/notifications/settings", unsubscribePath(me.id, "mentions"), unsubscribePath(me.id, "daily")]) {
          await page.goto(`${server.url}${path}`);
          expect(await seriousViolations(page), path).toEqual([]);
        }
      });
    });
  }
});
