/**
 * Forking in a real browser, JavaScript off (ADR 43): an owner opens "Fork this community"
 * from Run this community, chooses the address, name and spaces, and lands on the fork, which
 * says where it came from; the parent lists it.
 */
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
