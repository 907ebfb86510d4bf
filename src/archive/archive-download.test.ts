/**
 * The archive download from a community's settings (ADR 44): its owners get the signed
 * archive; a member, a moderator, a stranger and a guest learn nothing, not even whether
 * the community exists.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";

let t: TestApp;
let owner: Member;
let slug: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await signUp(t);
  await t.request({ method: "PUT", url: "/api/v1/me/preferences", token: owner.token, payload: { travelWithForks: "yes" } });
  slug = (await createCommunity(t, owner)).slug;
  await startThread(t, owner, slug, "general", { title: "Packing up", body: "These words go with the archive." });
});
afterAll(async () => t?.close());

const download = (token?: string, at = slug) => t.request({ method: "GET", url: `/c/${at}/settings/archive`, ...(token ? { token } : {}) });

describe("downloading a community's archive", () => {
  it("gives its owner the signed archive, linked from the community page", async () => {
    const page = await t.request({ method: "GET", url: `/c/${slug}`, token: owner.token });
    expect(page.body).toContain(`/c/${slug}/settings/archive`);
    const response = await download(owner.token);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/x-tar");
    expect(response.headers["content-disposition"]).toBe(`attachment; filename="${slug}-archive.tar"`);
    expect(response.headers["cache-control"]).toBe("private, no-store");
    const bytes = response.rawPayload;
    expect(bytes.includes(Buffer.from("manifest.sig"))).toBe(true);
    expect(bytes.includes(Buffer.from("These words go with the archive."))).toBe(true);
    expect(bytes.includes(Buffer.from(owner.username))).toBe(false);
  });

  it("is a 404 for a moderator, a member and a stranger, the same as for a community that is not there", async () => {
    const [moderator, member, stranger] = [await signUp(t), await signUp(t), await signUp(t)];
    await join(t, moderator, slug);
    await join(t, member, slug);
    await setRole(t, owner, slug, moderator, "moderator");
    const none = await download(stranger.token, "no-such-community");
    expect(none.statusCode).toBe(404);
    for (const who of [moderator, member, stranger]) {
      const refused = await download(who.token);
      expect(refused.statusCode).toBe(404);
      const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0];
      expect(main(refused.body)).toBe(main(none.body));
      expect(refused.body).not.toContain("These words go with the archive.");
    }
    const page = await t.request({ method: "GET", url: `/c/${slug}`, token: moderator.token });
    expect(page.body).not.toContain("/settings/archive");
  });

  it("sends a guest to sign in, whatever the community", async () => {
    const [here, nowhere] = [await download(), await download(undefined, "no-such-community")];
    expect(here.statusCode).toBe(303);
    expect(nowhere.statusCode).toBe(303);
    expect(here.headers.location).toBe(`/signin?next=${encodeURIComponent(`/c/${slug}/settings/archive`)}`);
  });
});
