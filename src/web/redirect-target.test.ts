/**
 * Redirect targets (ADR 19): one reading of `next` and `back`, against
 * HEARTH_PUBLIC_URL, before any work. A bad one is a 400 and nothing happens (no
 * session, no hidden post, no reaction); a good one still takes the person back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { createCommunity, join, signUp, startThread } from "../../test/helpers/factories.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { localTarget } from "./redirect-target.ts";

const SITE = "http://hearth.test";

describe("localTarget", () => {
  it("keeps paths of this site, encoded, and same-origin absolute addresses as paths", () => {
    expect(localTarget("/c/living-well?tab=new#post-1", SITE)).toBe("/c/living-well?tab=new#post-1");
    expect(localTarget("http://hearth.test/t/abc", SITE)).toBe("/t/abc");
    expect(localTarget("/c/café", SITE)).toBe("/c/caf%C3%A9");
    expect(localTarget("/%09/evil.example", SITE)).toBe("/%09/evil.example");
  });

  it("refuses other sites however they are spelled, and every control character", () => {
    const bad = [
      "//evil.example/x",
      "/\t/evil.example/x",
      "/\n/evil.example",
      "/\r\nSet-Cookie: x=1",
      "/\\evil.example",
      "\\\\evil.example",
      "/\\/evil.example",
      "https://evil.example/",
      "https://hearth.test/x",
      "http://hearth.test:8080/x",
      "http://hearth.test.evil.example/x",
      "javascript:alert(1)",
      "data:text/html,hi",
      "/x\u0000",
      "/x\u007f",
      "/x\u001b",
      "http://evil.example@hearth.test.evil/",
      "/.//evil.example",
      `/${"a".repeat(2001)}`,
    ];
    for (const value of bad) expect(localTarget(value, SITE), JSON.stringify(value)).toBeNull();
  });
});

describe("redirects of the pages", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const sessionsOf = async (accountId: string) =>
    Number((await t.database.db.selectFrom("sessions").select((eb) => eb.fn.countAll().as("n")).where("account_id", "=", accountId as never).executeTakeFirstOrThrow()).n);

  it("keeps someone signed in on the site when /signin?next= hides another host behind a tab", async () => {
    const member = await signUp(t);
    const browser = await newBrowser(t, member);
    const page = await browser.get("/signin?next=/%09/evil.example/x");
    expect(page.statusCode).toBe(400);
    expect(page.headers.location).toBeUndefined();
    expect(page.body).toContain("not a page of this site");
    const good = await browser.get("/signin?next=/c/x");
    expect(good.headers.location).toBe("/c/x");
  });

  it("opens no session when the sign-in form's next holds a newline or another site", async () => {
    const member = await signUp(t);
    const before = await sessionsOf(member.id);
    for (const next of ["/\n", "/c/x\r\nSet-Cookie: a=b", "//evil.example", "https://evil.example/"]) {
      const browser = await newBrowser(t);
      await browser.get("/signin");
      const response = await browser.post("/signin", { username: member.username, password: member.password, next });
      expect(response.statusCode, JSON.stringify(next)).toBe(400);
      expect(browser.cookies.has("hearth_session")).toBe(false);
    }
    expect(await sessionsOf(member.id)).toBe(before);
    const browser = await newBrowser(t);
    await browser.get("/signin");
    const good = await browser.post("/signin", { username: member.username, password: member.password, next: "/c/x" });
    expect(good.headers.location).toBe("/c/x");
    expect(await sessionsOf(member.id)).toBe(before + 1);
  });

  it("hides nothing and logs nothing when a moderator's back is bad; a good back hides and returns", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    const member = await signUp(t);
    await join(t, member, community.slug);
    const thread = await startThread(t, member, community.slug, "general", { body: "What helped me most was pacing." });
    const postId = (await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}` })).json().posts.items[0].id as string;
    const moderator = await newBrowser(t, owner);
    await moderator.get(`/t/${thread.id}`);
    const hide = (back: string) => moderator.post("/moderation/actions", { targetType: "post", targetId: postId, action: "hide", reason: "Testing.", back });
    const logSize = async () => (await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/moderation/log` })).json().items.length as number;

    for (const back of ["/\n", "/\t/evil.example", "//evil.example"]) {
      expect((await hide(back)).statusCode, JSON.stringify(back)).toBe(400);
    }
    expect((await moderator.get(`/moderation/act?targetType=post&targetId=${postId}&back=/%0a`)).statusCode).toBe(400);
    expect(await logSize()).toBe(0);
    const asGuest = await (await newBrowser(t)).get(`/t/${thread.id}`);
    expect(asGuest.body).toContain("What helped me most was pacing.");

    const done = await hide(`/t/${thread.id}#post-${postId}`);
    expect(done.statusCode, done.body).toBe(303);
    expect(done.headers.location).toBe(`/t/${thread.id}#post-${postId}`);
    expect(await logSize()).toBe(1);
    expect((await (await newBrowser(t)).get(`/t/${thread.id}`)).body).not.toContain("What helped me most was pacing.");
  });

  it("refuses /signin/code with a bad next before anything else", async () => {
    const browser = await newBrowser(t);
    await browser.get("/signin");
    expect((await browser.get("/signin/code?next=/%0d%0aX:1")).statusCode).toBe(400);
    expect((await browser.post("/signin/code", { code: "123456", next: "/\t/evil.example" })).statusCode).toBe(400);
    // Without a pending sign-in a good next goes back to the sign-in page, keeping it.
    expect((await browser.get("/signin/code?next=/c/x")).headers.location).toBe("/signin?next=%2Fc%2Fx");
  });
});
