/**
 * Cross-site request forgery and open redirects in a real Chromium against a real
 * `hearth serve` (ADR 19). The attacker's pages are served by a tiny server on another
 * port of 127.0.0.1 (same site: cookies are shared across ports, SameSite does not help)
 * and on `localhost` (another site). Each refusal has a positive control: the same act
 * from Hearth's own page works.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { freePort, startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, PASSWORD, launchBrowser, signedInDemoMember, uniqueName } from "./helpers/browser.ts";

type Attacker = { origin: string; pages: Map<string, string>; close: () => Promise<void> };

/** Serves `pages` (path → HTML), and answers POST /bounce?to=… with a 307 there (the Origin: null trick). */
async function startAttacker(hostName: "127.0.0.1" | "localhost"): Promise<Attacker> {
  const pages = new Map<string, string>();
  const port = await freePort();
  const handler: http.RequestListener = (request, response) => {
    const url = new URL(request.url ?? "/", "http://attacker.invalid");
    if (request.method === "POST" && url.pathname === "/bounce") {
      request.resume();
      response.writeHead(307, { location: url.searchParams.get("to") ?? "/" }).end();
      return;
    }
    const html = pages.get(url.pathname);
    response.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" }).end(html ?? "no such page");
  };
  const servers = [http.createServer(handler)];
  await new Promise<void>((resolve) => servers[0]!.listen(port, "127.0.0.1", resolve));
  if (hostName === "localhost") {
    // Chromium may try ::1 first for localhost; answer there too when the machine has it.
    const v6 = http.createServer(handler);
    await new Promise<void>((resolve) => v6.once("error", () => resolve()).listen(port, "::1", () => (servers.push(v6), resolve())));
  }
  return {
    origin: `http://${hostName}:${port}`,
    pages,
    close: () => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined),
  };
}

const escape = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** A page that submits a form to `action` as soon as it loads; `script` runs first. */
function autoSubmit(action: string, fields: Record<string, string>, options: { enctype?: string; script?: string } = {}) {
  const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join("");
  return `<!doctype html><title>Win a prize</title><form method="post" action="${escape(action)}" enctype="${options.enctype ?? "application/x-www-form-urlencoded"}">${inputs}</form><script>${options.script ?? ""};document.forms[0].submit()</script>`;
}

let server: RunningServer;
let browser: Browser;
let sameSite: Attacker;
let crossSite: Attacker;
const mallory = { username: uniqueName("mallory"), password: PASSWORD };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  sameSite = await startAttacker("127.0.0.1");
  crossSite = await startAttacker("localhost");
  const made = await fetch(`${server.url}/api/v1/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(mallory) });
  expect(made.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await sameSite?.close();
  await crossSite?.close();
  await server?.stop();
});

/** Opens the attacker's page and waits until its form has landed on Hearth; returns Hearth's status. */
async function visit(page: Page, attacker: Attacker, path: string, html: string): Promise<number> {
  attacker.pages.set(path, html);
  const landed = page.waitForResponse((r) => r.url().startsWith(server.url) && r.request().method() === "POST");
  await page.goto(`${attacker.origin}${path}`);
  const response = await landed;
  await page.waitForLoadState();
  return response.status();
}

/** Who the browser context is signed in as on Hearth, by its own cookies (null: nobody). */
async function signedInAs(context: BrowserContext): Promise<string | null> {
  const me = await context.request.get(`${server.url}/api/v1/me`);
  return me.ok() ? ((await me.json()) as { username: string }).username : null;
}

/** A guest's pre-session cookie and the form token Hearth pairs with it, as the attacker gets them for themselves. */
async function attackersOwnTokenPair(): Promise<{ cookie: string; token: string }> {
  const response = await fetch(`${server.url}/signin`);
  const cookie = /hearth_csrf=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
  const token = /name="_csrf" value="([^"]+)"/.exec(await response.text())?.[1];
  if (!cookie || !token) throw new Error("The sign-in page gave no CSRF cookie or token.");
  return { cookie, token };
}

const threadTitles = async () => {
  const response = await fetch(`${server.url}/api/v1/communities/${DEMO.slug}/spaces/general/threads?limit=50`);
  return ((await response.json()) as { items: { title: string }[] }).items.map((t) => t.title);
};

describe("login CSRF", () => {
  it("does not sign a guest in as the attacker through the API or the sign-in form, from another port or another site", async () => {
    for (const attacker of [sameSite, crossSite]) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const api = await visit(page, attacker, "/prize-api", autoSubmit(`${server.url}/api/v1/sessions`, mallory));
        expect([403, 415], attacker.origin).toContain(api);
        expect(await signedInAs(context), attacker.origin).toBeNull();

        // The strongest form: from another port the attacker can plant its own pre-session
        // cookie (cookies ignore ports) and send the token Hearth gave it for that cookie.
        const pair = await attackersOwnTokenPair();
        const plant = attacker === sameSite ? `document.cookie = "hearth_csrf=${pair.cookie}; path=/"` : "";
        const form = await visit(page, attacker, "/prize-form", autoSubmit(`${server.url}/signin`, { ...mallory, _csrf: pair.token }, { script: plant }));
        expect(form, attacker.origin).toBe(403);
        await expect(page.getByText("came from another site").count()).resolves.toBeGreaterThan(0);
        expect(await signedInAs(context), attacker.origin).toBeNull();
        expect((await context.cookies(server.url)).some((c) => c.name === "hearth_session")).toBe(false);
      } finally {
        await context.close();
      }
    }
  });

  it("positive control: the same sign-in from Hearth's own page works", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/signin`);
      await page.getByLabel("Username", { exact: true }).fill(mallory.username);
      await page.getByLabel("Password", { exact: true }).fill(mallory.password);
      await Promise.all([page.waitForURL(`${server.url}/`), page.getByRole("button", { name: "Sign in" }).click()]);
      expect(await signedInAs(context)).toBe(mallory.username);
    } finally {
      await context.close();
    }
  });
});

describe("CSRF against a signed-in member", () => {
  it("creates nothing from another port's or another site's form, nor through a 307 that makes Origin: null", async () => {
    const context = await browser.newContext();
    try {
      const victim = await signedInDemoMember(context, server.url, "victim");
      expect(await signedInAs(context)).toBe(victim.username);
      const page = await context.newPage();
      const htmlWrite = `${server.url}/c/${DEMO.slug}/s/general/threads`;
      const apiWrite = `${server.url}/api/v1/communities/${DEMO.slug}/spaces/general/threads`;
      const forged: string[] = [];

      for (const attacker of [sameSite, crossSite]) {
        const title = `Forged by form ${attacker.origin}`;
        forged.push(title);
        expect(await visit(page, attacker, "/form", autoSubmit(htmlWrite, { title, body: "Nobody wrote this." })), title).toBe(403);
        expect([403, 415]).toContain(await visit(page, attacker, "/api", autoSubmit(apiWrite, { title, body: "Nobody wrote this." })));
      }

      // The 307 trick: the form posts to the attacker's own server, which sends it on.
      const title = "Forged through a redirect";
      forged.push(title);
      const bounced = page.waitForRequest((r) => r.url() === htmlWrite);
      const viaRedirect = visit(page, sameSite, "/bounce-form", autoSubmit(`${sameSite.origin}/bounce?to=${encodeURIComponent(htmlWrite)}`, { title, body: "Nobody wrote this." }));
      expect(await viaRedirect).toBe(403);
      expect((await (await bounced).allHeaders()).origin).toBe("null");
      await expect(page.getByText("came from another site").count()).resolves.toBeGreaterThan(0);
      const json = JSON.stringify({ title, body: "Nobody wrote this.", pad: "" }).slice(0, -2);
      const viaRedirectApi = await visit(page, sameSite, "/bounce-api", autoSubmit(`${sameSite.origin}/bounce?to=${encodeURIComponent(apiWrite)}`, { [json]: '"}' }, { enctype: "text/plain" }));
      expect([403, 415]).toContain(viaRedirectApi);

      const titles = await threadTitles();
      for (const one of forged) expect(titles, one).not.toContain(one);

      // Positive control: the same write from Hearth's own page, by the same person.
      const own = `Written on Hearth ${victim.username}`;
      await page.goto(htmlWrite.replace(/\/threads$/, ""));
      await page.getByLabel("Title", { exact: true }).fill(own);
      await page.getByLabel("Your message", { exact: true }).fill("I wrote this myself.");
      await Promise.all([page.waitForURL(/\/t\/[^/?#]+$/), page.getByRole("button", { name: "Start the thread" }).click()]);
      expect(await threadTitles()).toContain(own);
    } finally {
      await context.close();
    }
  });
});

describe("open redirects", () => {
  it("keeps a signed-in member on Hearth when /signin?next= hides another host behind a tab", async () => {
    const context = await browser.newContext();
    try {
      await signedInDemoMember(context, server.url, "reader");
      const page = await context.newPage();
      const response = await page.goto(`${server.url}/signin?next=/%09/evil.example/x`);
      expect(response?.status()).toBe(400);
      expect(new URL(page.url()).origin).toBe(server.url);
      // Positive control: a next of this site is followed.
      await page.goto(`${server.url}/signin?next=/c/${DEMO.slug}`);
      expect(page.url()).toBe(`${server.url}/c/${DEMO.slug}`);
    } finally {
      await context.close();
    }
  });
});
