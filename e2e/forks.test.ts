/**
 * Forking in a real browser, JavaScript off (ADR 43): an owner opens "Fork this community"
 * from Run this community, chooses the address, name and spaces, and lands on the fork, which
 * says where it came from; the parent lists it.
 */
import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startServer, type RunningServer } from "./helpers/server.ts";
import { DEMO, launchBrowser, pathOf, signedInDemoMember, uniqueName, withContext } from "./helpers/browser.ts";

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

describe("forking a community", () => {
  it("works from the form without JavaScript, and the lineage shows on both sides", async () => {
    await withContext(browser, { javaScriptEnabled: false }, async (context) => {
      const member = await signedInDemoMember(context, server.url, "forker");
      const { charter } = (await (await fetch(`${server.url}/api/v1/communities/${DEMO.slug}`)).json()) as { charter: object };
      const slug = uniqueName("parent").replace(/_/g, "-");
      const created = await context.request.post(`${server.url}/api/v1/communities`, {
        data: { slug, name: "Fog and fatigue", purpose: "Talking together.", visibility: "public", charter, firstSpace: "public" },
        headers: { authorization: `Bearer ${member.token}` },
      });
      expect(created.status(), await created.text()).toBe(201);

      const page = await context.newPage();
      await page.goto(`${server.url}/c/${slug}`);
      await page.getByRole("navigation", { name: "Run this community" }).getByRole("link", { name: "Fork this community" }).click();
      expect(pathOf(page)).toBe(`/c/${slug}/forks/new`);
      await page.getByLabel("Name").fill("Fog carers");
      const forkSlug = `${slug}-carers`;
      await page.getByLabel("Web address").fill(forkSlug);
      expect(await page.getByRole("group", { name: "Spaces to carry" }).getByLabel("General").isChecked()).toBe(true);
      await page.getByRole("button", { name: "Fork this community" }).click();
      expect(pathOf(page)).toBe(`/c/${forkSlug}`);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Fog carers");
      await expect(page.getByRole("link", { name: /^Forked from Fog and fatigue on / }).count()).resolves.toBe(1);

      await page.goto(`${server.url}/c/${slug}`);
      const forks = page.getByRole("region", { name: "Forks of this community" });
      await expect(forks.getByRole("link", { name: "Fog carers" }).count()).resolves.toBe(1);
    });
  });
});

describe("downloading a community's archive", () => {
  it("gives its owner the signed archive from the community page, with its words and no account", async () => {
    await withContext(browser, { acceptDownloads: true }, async (context) => {
      const owner = await signedInDemoMember(context, server.url, "archiver");
      const auth = { authorization: `Bearer ${owner.token}` };
      await context.request.put(`${server.url}/api/v1/me/preferences`, { data: { travelWithForks: "yes" }, headers: auth });
      const { charter } = (await (await fetch(`${server.url}/api/v1/communities/${DEMO.slug}`)).json()) as { charter: object };
      const slug = uniqueName("moving").replace(/_/g, "-");
      const created = await context.request.post(`${server.url}/api/v1/communities`, {
        data: { slug, name: "Moving house", purpose: "Talking together.", visibility: "public", charter, firstSpace: "public" },
        headers: auth,
      });
      expect(created.status(), await created.text()).toBe(201);
      const thread = await context.request.post(`${server.url}/api/v1/communities/${slug}/spaces/general/threads`, {
        data: { title: "Packing up", body: "These words go with the archive." },
        headers: auth,
      });
      expect(thread.status()).toBe(201);

      const page = await context.newPage();
      await page.goto(`${server.url}/c/${slug}`);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download this community's archive" }).click()]);
      expect(download.suggestedFilename()).toBe(`${slug}-archive.tar`);
      const bytes = await fs.readFile((await download.path())!);
      expect(bytes.includes(Buffer.from("manifest.sig"))).toBe(true);
      expect(bytes.includes(Buffer.from("These words go with the archive."))).toBe(true);
      expect(bytes.includes(Buffer.from(owner.username))).toBe(false);
    });
  });
});
