import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { moderate, postReply, postThread } from "../../test/helpers/moderation-fixtures.ts";

let t: TestApp;
let admin: Member;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAdmin(t);
});
afterAll(async () => t?.close());

/** A made-up word no other test uses, so a search finds only what this test wrote. */
const word = () => Array.from({ length: 10 }, () => String.fromCharCode(97 + randomInt(26))).join("");
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const getThread = (threadId: string, who?: { token: string }) => t.request({ method: "GET", url: `/api/v1/threads/${threadId}`, ...(who ? { token: who.token } : {}) });
const search = (q: string, who?: { token: string }) => t.request({ method: "GET", url: `/api/v1/search?q=${q}`, ...(who ? { token: who.token } : {}) });
const logOf = (slug: string, who?: { token: string }) => t.request({ method: "GET", url: `/api/v1/communities/${slug}/moderation/log`, ...(who ? { token: who.token } : {}) });
const auditOf = (who: { token: string }) => t.request({ method: "GET", url: "/api/v1/me/audit-log", token: who.token });
const count = async (table: "moderation_actions" | "audit_log" | "community_sanctions" | "flags") =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);

/** A community run by `owner` with a moderator and a member who has written a thread and a reply. */
async function scene() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner);
  const moderator = await signUp(t);
  await join(t, moderator, community.slug);
  await setRole(t, owner, community.slug, moderator, "moderator");
  const author = await signUp(t);
  await join(t, author, community.slug);
  const reader = await signUp(t);
  await join(t, reader, community.slug);
  return { owner, community, moderator, author, reader };
}

describe("hiding", () => {
  it("hides a post from everyone but its author and the moderators, and search stops finding it", async () => {
    const { community, moderator, author, reader, owner } = await scene();
    const secret = word();
    const thread = await startThread(t, owner, community.slug, "general", { title: "Mornings", body: "How do you start the day?" });
    const post = await reply(t, author, thread.id, `Try ${secret} before breakfast.`);
    expect((await search(secret)).json().items).toHaveLength(1);

    const hidden = await moderate(t, moderator, { targetType: "post", targetId: post.id, action: "hide", reason: "Medical advice that could harm." });
    expect(hidden.statusCode, hidden.body).toBe(201);
    expect(hidden.json()).toMatchObject({ action: "hide", reason: "Medical advice that could harm.", target: { type: "post", id: post.id } });
    expect(hidden.json().date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    for (const who of [undefined, reader]) {
      const seen = (await getThread(thread.id, who)).json().posts.items[1];
      expect(seen).toMatchObject({ id: post.id, hidden: true, body: "", html: "" });
      const page = await t.request({ method: "GET", url: `/t/${thread.id}`, ...(who ? { headers: { cookie: `hearth_session=${who.token}` } } : {}) });
      expect(page.body).toContain("Hidden by a moderator");
      expect(page.body).not.toContain(secret);
      expect((await search(secret, who)).json().items).toEqual([]);
    }
    for (const who of [author, moderator]) {
      const seen = (await getThread(thread.id, who)).json().posts.items[1];
      expect(seen).toMatchObject({ hidden: true });
      expect(seen.body).toContain(secret);
    }
    expect((await search(secret, author)).json().items).toEqual([]);

    const shown = await moderate(t, moderator, { targetType: "post", targetId: post.id, action: "unhide", reason: "The author removed the dose." });
    expect(shown.statusCode, shown.body).toBe(201);
    expect((await getThread(thread.id)).json().posts.items[1].body).toContain(secret);
    expect((await search(secret)).json().items).toHaveLength(1);
  });

  it("hides a whole thread: out of the space's list and search, its title replaced for readers", async () => {
    const { community, moderator, author, reader } = await scene();
    const secret = word();
    const thread = await startThread(t, author, community.slug, "general", { title: `About ${secret}`, body: `All about ${secret}.` });
    const hidden = await moderate(t, moderator, { targetType: "thread", targetId: thread.id, action: "hide", reason: "Advertising." });
    expect(hidden.statusCode, hidden.body).toBe(201);

    const list = (who?: Member) => t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces/general/threads`, ...(who ? { token: who.token } : {}) });
    expect((await list(reader)).json().items.map((i: { id: string }) => i.id)).not.toContain(thread.id);
    expect((await list(author)).json().items).toContainEqual(expect.objectContaining({ id: thread.id, hidden: true }));
    expect((await list(moderator)).json().items.map((i: { id: string }) => i.id)).toContain(thread.id);

    const asReader = (await getThread(thread.id, reader)).json();
    expect(asReader).toMatchObject({ hidden: true, title: "Hidden by a moderator", canReply: false });
    expect(JSON.stringify(asReader)).not.toContain(secret);
    expect((await getThread(thread.id, author)).json().title).toBe(`About ${secret}`);
    expect((await search(secret, reader)).json().items).toEqual([]);

    const refused = await postReply(t, reader, thread.id);
    expect(refused.statusCode).toBe(409);
  });

  it("is only for the community's owners and moderators", async () => {
    const { community, author, reader, owner } = await scene();
    const thread = await startThread(t, owner, community.slug);
    const post = await reply(t, author, thread.id);
    const before = await count("moderation_actions");
    const asMember = await moderate(t, reader, { targetType: "post", targetId: post.id, action: "hide", reason: "I do not like it." });
    expect(asMember.statusCode).toBe(403);
    const asGuest = await t.request({ method: "POST", url: "/api/v1/moderation/actions", payload: { targetType: "post", targetId: post.id, action: "hide", reason: "x" } });
    expect(asGuest.statusCode).toBe(401);
    const elsewhere = await signUp(t);
    const otherCommunity = await createCommunity(t, elsewhere);
    const asOtherOwner = await moderate(t, elsewhere, { targetType: "post", targetId: post.id, action: "hide", reason: "Not mine to judge.", community: otherCommunity.slug });
    expect(asOtherOwner.statusCode).toBe(400);
    const asOtherOwnerPlain = await moderate(t, elsewhere, { targetType: "post", targetId: post.id, action: "hide", reason: "Not mine to judge." });
    expect(asOtherOwnerPlain.statusCode).toBe(403);
    expect(await count("moderation_actions")).toBe(before);
    expect((await getThread(thread.id)).json().posts.items[1].hidden).toBe(false);
  });

  it("turns down bad input with a 4xx and writes nothing", async () => {
    const { community, moderator, author, owner } = await scene();
    const thread = await startThread(t, owner, community.slug);
    const post = await reply(t, author, thread.id);
    const before = { actions: await count("moderation_actions"), audit: await count("audit_log"), sanctions: await count("community_sanctions") };
    const cases: [Record<string, unknown>, number][] = [
      [{ targetType: "post", targetId: post.id, action: "delete_forever", reason: "x" }, 400],
      [{ targetType: "post", targetId: post.id, action: "hide" }, 400],
      [{ targetType: "post", targetId: post.id, action: "hide", reason: "   " }, 400],
      [{ targetType: "post", targetId: "not-an-id!", action: "hide", reason: "Spam." }, 404],
      [{ targetType: "post", targetId: "AAAAAAAAAAAAAAAA", action: "hide", reason: "Spam." }, 404],
      [{ targetType: "comment", targetId: post.id, action: "hide", reason: "Spam." }, 400],
      [{ targetType: "persona", targetId: author.personaId, action: "hide", reason: "Spam.", community: community.slug }, 400],
      [{ targetType: "persona", targetId: author.personaId, action: "suspend", reason: "Spam." }, 400],
      [{ targetType: "persona", targetId: author.personaId, action: "suspend", reason: "Spam.", community: community.slug }, 400],
      [{ targetType: "persona", targetId: author.personaId, action: "suspend", reason: "Spam.", community: community.slug, until: "2001-01-01" }, 400],
      [{ targetType: "persona", targetId: author.personaId, action: "suspend", reason: "Spam.", community: community.slug, until: "next week" }, 400],
      [{ targetType: "persona", targetId: author.personaId, action: "ban", reason: "Spam.", community: community.slug, until: inDays(3) }, 400],
      [{ targetType: "persona", targetId: "AAAAAAAAAAAAAAAA", action: "warn", reason: "Spam.", community: community.slug }, 404],
      [{ targetType: "post", targetId: post.id, action: "dismiss", reason: "Fine." }, 400],
      [{ targetType: "post", targetId: post.id, action: "hide", reason: "Spam.", flagId: "AAAAAAAAAAAAAAAA" }, 404],
      [{ targetType: "post", targetId: post.id, action: "hide", reason: "Spam.", extra: true }, 400],
      [{ targetType: "post", targetId: 42, action: "hide", reason: "Spam." }, 400],
    ];
    for (const [payload, status] of cases) {
      const response = await moderate(t, moderator, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json().error.code).toBeTruthy();
    }
    const malformed = await t.request({ method: "POST", url: "/api/v1/moderation/actions", token: moderator.token, headers: { "content-type": "application/json" }, payload: "{nope" });
    expect(malformed.statusCode).toBe(400);
    expect({ actions: await count("moderation_actions"), audit: await count("audit_log"), sanctions: await count("community_sanctions") }).toEqual(before);
    expect((await getThread(thread.id)).json().posts.items[1].hidden).toBe(false);
  });
});

describe("suspending without unmasking", () => {
  it("stops every persona of the account writing in that community until the date, but not elsewhere", async () => {
    const { community, moderator, owner } = await scene();
    const clinician = await makeClinician(t, admin);
    await join(t, clinician, community.slug);
    const elsewhere = await createCommunity(t, owner);
    await join(t, clinician, elsewhere.slug);
    const thread = await postThread(t, clinician, community.slug, clinician.anonymousPersonaId);
    expect(thread.statusCode, thread.body).toBe(201);

    const until = inDays(30);
    const suspended = await moderate(t, moderator, {
      targetType: "persona",
      targetId: clinician.anonymousPersonaId,
      community: community.slug,
      action: "suspend",
      reason: "Repeated rudeness to newcomers.",
      until,
    });
    expect(suspended.statusCode, suspended.body).toBe(201);
    expect(suspended.json()).toMatchObject({ action: "suspend", until, target: { type: "persona", id: clinician.anonymousPersonaId, persona: { displayName: clinician.anonymousName } } });

    const words = new Date(`${until}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    for (const personaId of [undefined, clinician.personaId, clinician.anonymousPersonaId]) {
      const asThread = await postThread(t, clinician, community.slug, personaId);
      expect(asThread.statusCode).toBe(403);
      expect(asThread.json().error.message).toBe(`You are suspended from this community until ${words}. You can still read, and post in other communities.`);
      const asReply = await postReply(t, clinician, thread.json().id, personaId);
      expect(asReply.statusCode).toBe(403);
      expect(asReply.json().error.code).toBe("suspended");
      const reaction = await t.request({
        method: "POST",
        url: `/api/v1/posts/${thread.json().postId}/reactions`,
        token: clinician.token,
        payload: { kind: "thanks", ...(personaId ? { personaId } : {}) },
      });
      expect(reaction.statusCode, reaction.body).toBe(403);
      expect(reaction.json().error.code).toBe("suspended");
    }
    expect((await postThread(t, clinician, elsewhere.slug, clinician.anonymousPersonaId)).statusCode).toBe(201);
    expect((await postThread(t, clinician, elsewhere.slug)).statusCode).toBe(201);

    // Lifting works on the persona it was issued against, and lets the account write again.
    const lifted = await moderate(t, moderator, { targetType: "persona", targetId: clinician.anonymousPersonaId, community: community.slug, action: "unsuspend", reason: "Apologised." });
    expect(lifted.statusCode, lifted.body).toBe(201);
    expect((await postThread(t, clinician, community.slug)).statusCode).toBe(201);
  });

  it("bans the author of a post with no end, and writes it to the public log as a persona only", async () => {
    const { community, moderator, owner } = await scene();
    const clinician = await makeClinician(t, admin);
    await join(t, clinician, community.slug);
    const thread = await startThread(t, owner, community.slug);
    const post = await postReply(t, clinician, thread.id, clinician.anonymousPersonaId, "Buy my supplements.");
    const banned = await moderate(t, moderator, { targetType: "post", targetId: post.json().id, action: "ban", reason: "Selling supplements." });
    expect(banned.statusCode, banned.body).toBe(201);
    const refused = await postReply(t, clinician, thread.id);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("banned");

    const log = await logOf(community.slug);
    expect(log.statusCode).toBe(200);
    expect(log.json().items[0]).toMatchObject({
      action: "ban",
      reason: "Selling supplements.",
      until: null,
      target: { type: "post", id: post.json().id, persona: { id: clinician.anonymousPersonaId, capacity: "verified_clinician_anonymous" } },
    });
    expect(log.body).not.toContain(clinician.username);
    expect(log.body).not.toContain(clinician.id);
  });

  it("never tells the moderator the account behind the persona", async () => {
    const { community, moderator } = await scene();
    const clinician = await makeClinician(t, admin);
    await join(t, clinician, community.slug);
    const thread = await postThread(t, clinician, community.slug, clinician.anonymousPersonaId);
    const post = await postReply(t, clinician, thread.json().id, clinician.anonymousPersonaId);
    const flagger = await signUp(t);
    await join(t, flagger, community.slug);
    const flag = await t.request({ method: "POST", url: "/api/v1/flags", token: flagger.token, payload: { targetType: "post", targetId: post.json().id, reason: "harassment", note: "Rude to me." } });
    expect(flag.statusCode, flag.body).toBe(201);

    const responses = [
      await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/moderation/queue`, token: moderator.token }),
      await moderate(t, moderator, { flagId: flag.json().id, targetType: "post", targetId: post.json().id, action: "hide", reason: "Rude." }),
      await moderate(t, moderator, { targetType: "persona", targetId: clinician.anonymousPersonaId, community: community.slug, action: "warn", reason: "Please be kind." }),
      await moderate(t, moderator, { targetType: "persona", targetId: clinician.anonymousPersonaId, community: community.slug, action: "suspend", reason: "Rude again.", until: inDays(7) }),
      await moderate(t, moderator, { targetType: "thread", targetId: thread.json().id, action: "hide", reason: "Off topic." }),
      await logOf(community.slug, moderator),
      await getThread(thread.json().id, moderator),
      await t.request({ method: "GET", url: `/c/${community.slug}/moderation/log`, headers: { cookie: `hearth_session=${moderator.token}` } }),
      await t.request({ method: "GET", url: `/t/${thread.json().id}`, headers: { cookie: `hearth_session=${moderator.token}` } }),
    ];
    for (const response of responses) {
      expect(response.statusCode, response.body).toBeLessThan(300);
      expect(response.body).not.toContain(clinician.username);
      expect(response.body).not.toContain(clinician.id);
      expect(response.body).not.toContain(clinician.personaId);
      expect(response.body).not.toContain(flagger.username);
    }
    expect(responses[0]!.json().items[0]).toMatchObject({ reason: "harassment", note: "Rude to me.", target: { type: "post", persona: { id: clinician.anonymousPersonaId } } });
    const queueAfter = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/moderation/queue`, token: moderator.token });
    expect(queueAfter.json().items).toEqual([]);
  });

  it("shows the member a warning in their audit log, without naming the moderator", async () => {
    const { community, moderator, author, owner } = await scene();
    await startThread(t, author, community.slug);
    const warned = await moderate(t, moderator, { targetType: "persona", targetId: author.personaId, community: community.slug, action: "warn", reason: "Please keep to the topic." });
    expect(warned.statusCode, warned.body).toBe(201);
    const audit = await auditOf(author);
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items[0]).toMatchObject({
      action: "moderation.warn",
      actor: null,
      community: { slug: community.slug, name: community.name },
      persona: { id: author.personaId },
      reason: "Please keep to the topic.",
    });
    expect(audit.body).not.toContain(moderator.username);
    expect(audit.body).not.toContain(owner.username);
    expect((await auditOf(moderator)).json().items).toEqual([]);
  });

  it("refuses a moderator's sanction of their own persona with a sentence that names nobody", async () => {
    const { community, moderator } = await scene();
    await startThread(t, moderator, community.slug);
    const before = await count("moderation_actions");
    const self = await moderate(t, moderator, { targetType: "persona", targetId: moderator.personaId, community: community.slug, action: "suspend", reason: "Testing.", until: inDays(2) });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toBe("You cannot act on this member.");
    expect(await count("moderation_actions")).toBe(before);
  });

  it("acts only on personas already seen in the community", async () => {
    const { community, moderator } = await scene();
    const stranger = await makeClinician(t, admin);
    const response = await moderate(t, moderator, { targetType: "persona", targetId: stranger.anonymousPersonaId, community: community.slug, action: "warn", reason: "Who?" });
    expect(response.statusCode).toBe(404);
  });
});

describe("the public moderation log", () => {
  it("is readable by whoever can see the community, and hidden with it", async () => {
    const owner = await signUp(t);
    const open = await createCommunity(t, owner);
    const secret = await createCommunity(t, owner, { visibility: "hidden" });
    const thread = await startThread(t, owner, secret.slug);
    expect((await moderate(t, owner, { targetType: "thread", targetId: thread.id, action: "hide", reason: "Duplicate." })).statusCode).toBe(201);
    expect((await logOf(open.slug)).json()).toEqual({ items: [], nextCursor: null });
    expect((await logOf(secret.slug)).statusCode).toBe(404);
    expect((await logOf(secret.slug, owner)).json().items).toHaveLength(1);
  });
});

describe("flags", () => {
  it("are raised by people who can see the content, and dismissed by a moderator", async () => {
    const { community, moderator, author, reader } = await scene();
    const thread = await startThread(t, author, community.slug);
    const flag = await t.request({ method: "POST", url: "/api/v1/flags", token: reader.token, payload: { targetType: "thread", targetId: thread.id, reason: "spam" } });
    expect(flag.statusCode, flag.body).toBe(201);
    const wrongTarget = await moderate(t, moderator, { flagId: flag.json().id, targetType: "post", targetId: thread.postId, action: "dismiss", reason: "Fine." });
    expect(wrongTarget.statusCode).toBe(400);
    const dismissed = await moderate(t, moderator, { flagId: flag.json().id, targetType: "thread", targetId: thread.id, action: "dismiss", reason: "Not spam." });
    expect(dismissed.statusCode, dismissed.body).toBe(201);
    const twice = await moderate(t, moderator, { flagId: flag.json().id, targetType: "thread", targetId: thread.id, action: "dismiss", reason: "Not spam." });
    expect(twice.statusCode).toBe(409);
    expect((await auditOf(author)).json().items).toEqual([]);

    const badReason = await t.request({ method: "POST", url: "/api/v1/flags", token: reader.token, payload: { targetType: "thread", targetId: thread.id, reason: "boring" } });
    expect(badReason.statusCode).toBe(400);
    const guest = await t.request({ method: "POST", url: "/api/v1/flags", payload: { targetType: "thread", targetId: thread.id, reason: "spam" } });
    expect(guest.statusCode).toBe(401);
    const queue = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/moderation/queue`, token: reader.token });
    expect(queue.statusCode).toBe(403);
  });
});
