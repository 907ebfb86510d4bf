/**
 * Being told what happened and verified names, in a real browser with JavaScript off
 * (issue 8): an approved join request shows in the member's notifications and opening it
 * marks it read; renaming a verified professional persona pauses its badge on its page,
 * and the reviewer sees the name to confirm.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { launchBrowser, PASSWORD, pathOf, uniqueName } from "./helpers/browser.ts";

const ADMIN = { username: uniqueName("admin"), password: "a long administrator password" };

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ admins: [ADMIN] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** An API call with a bearer token (no cookies needed). */
async function api(context: BrowserContext, method: "post" | "get" | "patch", path: string, data?: object, token?: string) {
  const response = await context.request[method](`${server.url}${path}`, {
    ...(data ? { data } : {}),
    headers: token ? { authorization: `Bearer ${token}` } : { origin: new URL(server.url).origin },
  });
  if (!response.ok()) throw new Error(`${method.toUpperCase()} ${path} → ${response.status()}: ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

async function member(context: BrowserContext, username = uniqueName("member"), password = PASSWORD) {
  await api(context, "post", "/api/v1/accounts", { username, password });
  return signIn(context, username, password);
}

/** Signs in over the API from the context, so its cookie jar holds the session too. */
async function signIn(context: BrowserContext, username: string, password: string) {
  const { token } = (await api(context, "post", "/api/v1/sessions", { username, password })) as { token: string };
  return { username, token };
}

async function signInPage(page: Page, username: string, password: string) {
  await page.goto(`${server.url}/signin`);
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/signin"), page.getByRole("button", { name: "Sign in" }).click()]);
}

describe("being told what happened", () => {
  it("an approved join request shows in the member's notifications, and opening it marks it read", async () => {
    const ownerContext = await browser.newContext();
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const owner = await member(ownerContext);
      const slug = uniqueName("copd").replace(/_/g, "-");
      await api(
        ownerContext,
        "post",
        "/api/v1/communities",
        {
          slug,
          name: "Breathing space",
          purpose: "People living with COPD.",
          visibility: "public",
          joinPolicy: "approval",
          charter: { conditions: [{ name: "COPD" }], rules: ["Be kind."], funding: "None.", businessModel: "None.", dataUse: "Kept here.", conflictsOfInterest: "None." },
        },
        owner.token,
      );
      const username = uniqueName("member");
      await api(context, "post", "/api/v1/accounts", { username, password: PASSWORD });
      const page = await context.newPage();
      await signInPage(page, username, PASSWORD);
      await page.goto(`${server.url}/c/${slug}`);
      await Promise.all([page.waitForURL(`**/c/${slug}**`), page.getByRole("button", { name: "Ask to join" }).click()]);
      await expect(page.getByText("What happens next").count()).resolves.toBeGreaterThan(0);

      const me = await signIn(context, username, PASSWORD);
      const persona = ((await api(context, "get", "/api/v1/me", undefined, me.token)) as { personas: { id: string }[] }).personas[0]!.id;
      await api(ownerContext, "post", `/api/v1/communities/${slug}/members/${persona}/decision`, { decision: "approve" }, owner.token);

      const message = page.getByRole("link", { name: "Your request to join Breathing space was approved. You are a member now." });
      for (let i = 0; i < 50 && (await message.count()) === 0; i++) {
        await page.goto(`${server.url}/notifications`);
        if ((await message.count()) === 0) await page.waitForTimeout(200);
      }
      await expect(message.count()).resolves.toBe(1);
      await expect(page.getByRole("link", { name: /Notifications \(1\)/ }).count()).resolves.toBe(1);

      await Promise.all([page.waitForURL(`**/c/${slug}`), message.click()]);
      expect(pathOf(page)).toBe(`/c/${slug}`);
      await page.goto(`${server.url}/notifications`);
      await expect(page.getByText("New:").count()).resolves.toBe(0);
      await expect(page.getByRole("link", { name: /Notifications \(/ }).count()).resolves.toBe(0);
    } finally {
      await ownerContext.close();
      await context.close();
    }
  }, 120_000);
});

describe("verified names", () => {
  it("renaming a verified professional persona pauses its badge on its page, and the reviewer sees the name to confirm", async () => {
    const apiContext = await browser.newContext();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const adminContext = await browser.newContext({ javaScriptEnabled: false });
    try {
      const admin = await signIn(apiContext, ADMIN.username, ADMIN.password);
      const username = uniqueName("doctor");
      await api(context, "post", "/api/v1/accounts", { username, password: PASSWORD });
      const clinician = await signIn(context, username, PASSWORD);
      const application = (await api(
        context,
        "post",
        "/api/v1/clinician-verifications",
        { registerName: "Jo Adeyemi", profession: "Doctor", register: "GMC", registrationNumber: "1234567", specialty: "Respiratory medicine" },
        clinician.token,
      )) as { id: string };
      await api(apiContext, "post", `/api/v1/admin/clinician-verifications/${application.id}/decision`, { decision: "approve" }, admin.token);
      const professional = (await api(context, "post", "/api/v1/personas", { kind: "professional", displayName: "Dr Jo Adeyemi" }, clinician.token)) as { id: string };

      // The context holds the session cookie from signing in above.
      const page = await context.newPage();
      await page.goto(`${server.url}/personas/${professional.id}`);
      await expect(page.locator(".badge-verified_clinician").count()).resolves.toBeGreaterThan(0);

      await page.goto(`${server.url}/settings/personas/${professional.id}`);
      await page.getByLabel("Name", { exact: true }).fill("Dr Joanna Adeyemi");
      await Promise.all([page.waitForURL("**/settings/personas?**"), page.getByRole("button", { name: "Save changes" }).click()]);

      await page.goto(`${server.url}/personas/${professional.id}`);
      await expect(page.getByText("The verified badge is paused until a reviewer confirms the new name.").count()).resolves.toBe(1);
      await expect(page.locator(".badge-verified_clinician").count()).resolves.toBe(0);

      const a = await adminContext.newPage();
      await signInPage(a, ADMIN.username, ADMIN.password);
      const heading = a.getByRole("heading", { level: 3, name: `${username}: new name to confirm` });
      for (let i = 0; i < 50 && (await heading.count()) === 0; i++) {
        await a.goto(`${server.url}/admin/verifications`);
        if ((await heading.count()) === 0) await a.waitForTimeout(200);
      }
      await expect(heading.count()).resolves.toBe(1);
      await expect(a.getByText("Dr Joanna Adeyemi").count()).resolves.toBeGreaterThan(0);
      await expect(a.getByText("Jo Adeyemi", { exact: true }).count()).resolves.toBeGreaterThan(0);
      await expect(a.getByRole("link", { name: /Search the General Medical Council register/ }).count()).resolves.toBeGreaterThan(0);
    } finally {
      await apiContext.close();
      await context.close();
      await adminContext.close();
    }
  }, 120_000);
});
