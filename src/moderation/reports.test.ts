/**
 * The services behind reporting: a report's own checks before anything is stored, the
 * Reports page's content and count, hiding an opening post with its thread (in the SQL
 * of lists and search too), a persona named by its address, and the server's audit log.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, setRole, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { AppError } from "../shared/errors.ts";
import { GUEST, type Viewer } from "../shared/viewer.ts";
import { personaIdOf } from "./break-glass.service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const viewerOf = (m: Member): Promise<Viewer> => t.services.accounts.viewerForToken(m.token);
const flags = async () => Number((await sql<{ n: string }>`select count(*) as n from flags`.execute(t.database.db)).rows[0]!.n);
const refusal = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, fields: error.fields ?? {} };
    throw error;
  }
  throw new Error("expected a refusal");
};

async function scene() {
  const owner = await signUp(t);
  const community = await createCommunity(t, owner, { visibility: "public" });
  const moderator = await signUp(t);
  const author = await signUp(t);
  const reader = await signUp(t);
  const replier = await signUp(t);
  for (const m of [moderator, author, reader, replier]) await join(t, m, community.slug);
  await setRole(t, owner, community.slug, moderator, "moderator");
  const title = `Lemon cure ${Math.random().toString(36).slice(2, 8)}`;
  const thread = await startThread(t, author, community.slug, "general", { title, body: "Lemons cure everything." });
  const answer = await reply(t, replier, thread.id, "I am not sure about that.");
  const opening = (await t.request({ method: "GET", url: `/api/v1/threads/${thread.id}`, token: reader.token })).json().posts.items[0].id as string;
  return { community, moderator, author, reader, thread, title, opening, replyId: answer.id as string };
}

describe("report", () => {
  it("needs a reason, and details for “other”, checked all at once before anything is looked up or stored", async () => {
    const { reader, opening } = await scene();
    const before = await flags();
    const none = await refusal(() => t.services.moderation.report(GUEST, { targetType: "post", targetId: opening, reason: "spam" }));
    expect(none.status).toBe(401);
    const viewer = await viewerOf(reader);
    const missing = await refusal(() => t.services.moderation.report(viewer, { targetType: "post", targetId: "AAAAAAAAAAAAAAAA", reason: "" }));
    // The same 400 whether or not the post exists: the reason is checked first.
    expect(missing).toEqual({ status: 400, fields: { reason: "choose why you are reporting this" } });
    expect(await refusal(() => t.services.moderation.report(viewer, { targetType: "post", targetId: opening, reason: "" }))).toEqual(missing);
    const other = await refusal(() => t.services.moderation.report(viewer, { targetType: "post", targetId: opening, reason: "other", details: "   " }));
    expect(other.fields).toEqual({ details: "say what is wrong, so the moderators know what to look for" });
    const persona = await refusal(() => t.services.moderation.report(viewer, { targetType: "persona", targetId: opening, reason: "nonsense" }));
    expect(Object.keys(persona.fields).sort()).toEqual(["community", "reason"]);
    expect(await flags()).toBe(before);
    // Positive control: a reason is enough, and the flag is stored with the details as its note.
    const done = await t.services.moderation.report(viewer, { targetType: "post", targetId: opening, reason: "medical_misinformation", details: " Lemons are not a cure. " });
    expect(await flags()).toBe(before + 1);
    const stored = await sql<{ reason: string; note: string }>`select reason, note from flags where id = ${done.id}`.execute(t.database.db);
    expect(stored.rows[0]).toEqual({ reason: "medical_misinformation", note: "Lemons are not a cure." });
  });
});

describe("the Reports page's service", () => {
  it("gives moderators each report with the content as they read it and a count, and gives others no count at all", async () => {
    const { community, moderator, reader, author, opening, replyId } = await scene();
    const asReader = await viewerOf(reader);
    await t.services.moderation.report(asReader, { targetType: "post", targetId: opening, reason: "spam" });
    await t.services.moderation.report(asReader, { targetType: "post", targetId: replyId, reason: "harassment" });
    const asModerator = await viewerOf(moderator);
    expect(await t.services.moderation.openReportCount(asModerator, community.slug)).toBe(2);
    expect(await t.services.moderation.openReportCount(asReader, community.slug)).toBeNull();
    expect(await t.services.moderation.openReportCount(await viewerOf(author), community.slug)).toBeNull();
    const page = await t.services.moderation.reports(asModerator, community.slug);
    expect(page.items.map((r) => [r.reason, r.post?.opening, r.can.hideThread])).toEqual([
      ["spam", true, true],
      ["harassment", false, false],
    ]);
    expect(page.items[0]!.post?.html).toContain("Lemons cure everything.");
    expect(JSON.stringify(page)).not.toContain(reader.username);
    expect(JSON.stringify(page)).not.toContain(reader.personaId);
    await expect(t.services.moderation.reports(asReader, community.slug)).rejects.toMatchObject({ status: 403 });

    // Once hidden, the words still reach the moderators, marked hidden, and Hide is no longer offered.
    await t.services.moderation.act(asModerator, { targetType: "post", targetId: replyId, action: "hide", reason: "Unkind." });
    const after = await t.services.moderation.reports(asModerator, community.slug);
    const hidden = after.items.find((r) => r.target.id === replyId)!;
    expect(hidden.post).toMatchObject({ hidden: true, html: expect.stringContaining("not sure") });
    expect(hidden.can.hide).toBe(false);
  });
});

describe("hiding an opening post with its thread", () => {
  it("hides both in one go, so lists and search leave the title out for readers", async () => {
    const { community, moderator, reader, thread, title, opening } = await scene();
    const asReader = await viewerOf(reader);
    const word = title.split(" ")[2]!;
    const titles = async () => (await t.services.discussion.recentThreads(asReader, community.slug, 10, 10)).map((r) => r.title);
    const found = async () => JSON.stringify(await t.services.search.search(asReader, { q: word }));
    expect(await titles()).toContain(title);
    expect(await found()).toContain(title);
    await t.services.moderation.act(await viewerOf(moderator), { targetType: "post", targetId: opening, action: "hide", reason: "Selling cures.", alsoHideThread: true });
    expect(await titles()).not.toContain(title);
    expect(await found()).not.toContain(title);
    const rows = await sql<{ hidden_at: Date | null }>`select hidden_at from threads where id = ${thread.id}`.execute(t.database.db);
    expect(rows.rows[0]!.hidden_at).not.toBeNull();
    const log = await t.services.moderation.log(asReader, community.slug);
    // One transaction, so one time: the two entries may come in either order.
    expect(log.items.map((e) => `${e.action} ${e.target.type}`).sort()).toEqual(["hide post", "hide thread"]);
  });

  it("refuses it for a reply, or with any action but hide, and hides nothing", async () => {
    const { moderator, thread, replyId, opening } = await scene();
    const asModerator = await viewerOf(moderator);
    const forReply = await refusal(() => t.services.moderation.act(asModerator, { targetType: "post", targetId: replyId, action: "hide", reason: "x", alsoHideThread: true }));
    expect(forReply.status).toBe(400);
    expect(Object.keys(forReply.fields)).toEqual(["alsoHideThread"]);
    const withWarn = await refusal(() => t.services.moderation.act(asModerator, { targetType: "post", targetId: opening, action: "warn", reason: "x", alsoHideThread: true }));
    expect(withWarn.status).toBe(400);
    const hidden = await sql<{ n: string }>`select count(*) as n from posts where thread_id = ${thread.id} and hidden_at is not null`.execute(t.database.db);
    expect(Number(hidden.rows[0]!.n)).toBe(0);
  });
});

describe("a persona named by its address", () => {
  it("reads an id, this server's address of the persona's page, or its path, and nothing else", () => {
    const id = "AbCdEfGhIjKlMn_-";
    expect(personaIdOf(id)).toBe(id);
    expect(personaIdOf(` https://hearth.example/personas/${id} `)).toBe(id);
    expect(personaIdOf(`http://hearth.test/personas/${id}/`)).toBe(id);
    expect(personaIdOf(`/personas/${id}?x=1#top`)).toBe(id);
    expect(personaIdOf(`https://hearth.example/t/${id}`)).toBeNull();
    expect(personaIdOf(`https://hearth.example/personas/${id}extra`)).toBeNull();
    expect(personaIdOf("Clinician 7QF4K")).toBeNull();
  });

  it("asks to reveal by address, as by id", async () => {
    const admin = await signedInAdmin(t);
    const member = await signUp(t);
    const asked = await t.services.breakGlass.request(await viewerOf(admin), { personaId: `${t.config.publicUrl}/personas/${member.personaId}`, reason: "A safeguarding concern." });
    expect(asked.persona.id).toBe(member.personaId);
    expect(asked.status).toBe("pending");
  });
});

describe("the server's audit log", () => {
  it("is for administrators only", async () => {
    const member = await signUp(t);
    await expect(t.services.auditLog.all(await viewerOf(member))).rejects.toMatchObject({ status: 403 });
    const admin = await signedInAdmin(t);
    const log = await t.services.auditLog.all(await viewerOf(admin));
    expect(log.items.some((e) => e.action === "break_glass.requested")).toBe(true);
  });
});
