/**
 * One-tap welcomes (issue 11 part 4, ADR 41): a member welcomes a newcomer — a persona whose
 * hello in the welcome thread is at most 30 days old — as one of their own personas, once;
 * the newcomer is told "Alex welcomed you to …", by persona only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin, type Clinician } from "../../test/helpers/clinician-fixtures.ts";
import { postReply } from "../../test/helpers/moderation-fixtures.ts";

let t: TestApp;
let owner: Member;
let community: { slug: string; name: string };
let welcomeThreadId: string;

beforeAll(async () => {
  t = await createTestApp({ work: true });
  owner = await signUp(t);
  community = await createCommunity(t, owner, { name: "COPD Together" });
  welcomeThreadId = (await startThread(t, owner, community.slug, "general", { title: "Say hello", body: "Tell us a little about you, or just read." })).id;
  const chosen = await t.request({ method: "PUT", url: `/api/v1/communities/${community.slug}/welcome-thread`, token: owner.token, payload: { threadId: welcomeThreadId } });
  expect(chosen.statusCode, chosen.body).toBe(200);
}, 120_000);
afterAll(async () => t?.close());

const welcome = (who: { token: string } | null, personaId: string, payload?: Record<string, unknown>, slug = community.slug) =>
  t.request({
    method: "POST",
    url: `/api/v1/communities/${slug}/members/${personaId}/welcome`,
    ...(who ? { token: who.token } : {}),
    ...(payload ? { payload } : {}),
  });

/** A member who joined and said hello in the welcome thread. */
async function newcomer(): Promise<Member> {
  const member = await signUp(t);
  await join(t, member, community.slug);
  await reply(t, member, welcomeThreadId, "Hello, I was told last month. Mostly reading for now.");
  return member;
}

async function member(): Promise<Member> {
  const m = await signUp(t);
  await join(t, m, community.slug);
  return m;
}

async function welcomesOf(who: { token: string }) {
  await t.services.queue.settle();
  const response = await t.request({ method: "GET", url: "/api/v1/notifications", token: who.token });
  expect(response.statusCode, response.body).toBe(200);
  return { body: response.body, items: (response.json().items as { kind: string; persona: { id: string }; actor: { id: string; displayName: string }; community: { slug: string; name: string } }[]).filter((n) => n.kind === "welcome") };
}

const rowsFor = async (newcomerPersonaId: string) =>
  (await t.database.db.selectFrom("welcomes").select(["welcomer_persona_id"]).where("newcomer_persona_id", "=", newcomerPersonaId).execute()).length;

describe("welcoming a newcomer with one tap", () => {
  it("tells the newcomer who welcomed them, as the persona they welcomed as, and opens the community", async () => {
    const hello = await newcomer();
    const alex = await member();
    const given = await welcome(alex, hello.personaId);
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json()).toEqual({ personaId: hello.personaId, asPersonaId: alex.personaId });
    const { items } = await welcomesOf(hello);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: "welcome", persona: { id: hello.personaId }, actor: { id: alex.personaId, displayName: alex.displayName }, community: { slug: community.slug, name: "COPD Together" } });
    const listed = await t.services.notifications.list(await t.services.accounts.viewerForAccount(hello.id));
    const opened = await t.request({ method: "GET", url: `/notifications/open/${listed.items[0]!.id}`, token: hello.token });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/c/${community.slug}`);
  });

  it("writes one welcome for a double tap, or ten at once, answering 200 after the first", async () => {
    const hello = await newcomer();
    const alex = await member();
    expect((await welcome(alex, hello.personaId)).statusCode).toBe(201);
    const again = await welcome(alex, hello.personaId);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ personaId: hello.personaId, asPersonaId: alex.personaId });
    expect(await rowsFor(hello.personaId)).toBe(1);

    const other = await newcomer();
    const taps = await Promise.all(Array.from({ length: 10 }, () => welcome(alex, other.personaId)));
    expect(taps.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(await rowsFor(other.personaId)).toBe(1);
    expect((await welcomesOf(other)).items).toHaveLength(1);
  });

  it("tells the newcomer once however often the job runs", async () => {
    const hello = await newcomer();
    const alex = await member();
    expect((await welcome(alex, hello.personaId)).statusCode).toBe(201);
    await t.services.queue.settle();
    const row = await t.database.db.selectFrom("welcomes").select(["id", "community_id"]).where("newcomer_persona_id", "=", hello.personaId).executeTakeFirstOrThrow();
    const event = { communityId: row.community_id, welcomeId: row.id, personaId: hello.personaId, byPersonaId: alex.personaId };
    await t.services.notifications.noteWelcomed(event);
    await t.services.events.publish(t.database.db, { type: "member.welcomed", ...event });
    expect((await welcomesOf(hello)).items).toHaveLength(1);
  });

  it("refuses a welcome to yourself, under any of your personas, as a 400", async () => {
    const hello = await newcomer();
    const own = await welcome(hello, hello.personaId);
    expect(own.statusCode, own.body).toBe(400);
    expect(own.json().error.code).toBe("welcome_yourself");
    const second = await t.request({ method: "POST", url: "/api/v1/personas", token: hello.token, payload: { kind: "personal", displayName: `Wren ${Math.random().toString(36).slice(2, 7)}` } });
    expect(second.statusCode, second.body).toBe(201);
    expect((await welcome(hello, second.json().id)).statusCode).toBe(400);
    expect(await rowsFor(hello.personaId)).toBe(0);
  });

  it("answers the same 404 for a non-member and for a member who said no hello, so it never says who belongs", async () => {
    const alex = await member();
    const outsider = await signUp(t);
    const quiet = await member();
    const notMember = await welcome(alex, outsider.personaId);
    const noHello = await welcome(alex, quiet.personaId);
    expect(notMember.statusCode).toBe(404);
    expect(noHello.statusCode).toBe(404);
    expect(noHello.body).toBe(notMember.body);
    expect((await welcome(alex, "not-an-id")).body).toBe(notMember.body);
  });

  it("offers no welcome to a hello older than 30 days", async () => {
    const hello = await newcomer();
    await t.database.db.updateTable("posts").set({ created_at: new Date(Date.now() - 31 * 86_400_000) }).where("author_persona_id", "=", hello.personaId).execute();
    expect((await welcome(await member(), hello.personaId)).statusCode).toBe(404);
  });

  it("lets only members welcome: a guest is 401, a reader who has not joined 403, a hidden community 404", async () => {
    const hello = await newcomer();
    expect((await welcome(null, hello.personaId)).statusCode).toBe(401);
    const reader = await signUp(t);
    const refused = await welcome(reader, hello.personaId);
    expect(refused.statusCode, refused.body).toBe(403);
    const hiddenOwner = await signUp(t);
    const hidden = await createCommunity(t, hiddenOwner, { visibility: "hidden" });
    const unseen = await welcome(reader, hello.personaId, undefined, hidden.slug);
    expect(unseen.statusCode).toBe(404);
    expect(await rowsFor(hello.personaId)).toBe(0);
  });

  it("refuses a body with unknown fields, and a persona to welcome as that is not yours", async () => {
    const hello = await newcomer();
    const alex = await member();
    expect((await welcome(alex, hello.personaId, { personaId: alex.personaId })).statusCode).toBe(400);
    expect((await welcome(alex, hello.personaId, { asPersonaId: owner.personaId })).statusCode).toBe(403);
    expect(await rowsFor(hello.personaId)).toBe(0);
  });

  it("does not tell a newcomer who left, or who turned welcomes off", async () => {
    const left = await newcomer();
    const quiet = await newcomer();
    const alex = await member();
    expect((await t.request({ method: "DELETE", url: `/api/v1/communities/${community.slug}/members/me`, token: left.token })).statusCode).toBe(204);
    const off = await t.request({ method: "PUT", url: "/api/v1/me/preferences", token: quiet.token, payload: { notifications: { welcomes: false } } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().notifications).toMatchObject({ welcomes: false, polls: true });
    expect(off.json().email).toMatchObject({ welcomes: "off", polls: "off" });
    // A hello stays when its writer leaves: the tap is answered as for anyone, so the answer does not say they left.
    expect((await welcome(alex, left.personaId)).statusCode).toBe(201);
    expect((await welcome(alex, quiet.personaId)).statusCode).toBe(201);
    expect((await welcomesOf(left)).items).toHaveLength(0);
    expect((await welcomesOf(quiet)).items).toHaveLength(0);
  });
});

describe("welcomes and anonymous personas", () => {
  let admin: Member;
  let clinician: Clinician;
  beforeAll(async () => {
    admin = await signedInAdmin(t);
    clinician = await makeClinician(t, admin);
    await join(t, clinician, community.slug);
  });

  it("welcomes as an anonymous clinician persona: the newcomer sees that persona, and nothing of its account", async () => {
    const hello = await newcomer();
    const given = await welcome(clinician, hello.personaId, { asPersonaId: clinician.anonymousPersonaId });
    expect(given.statusCode, given.body).toBe(201);
    const { items, body } = await welcomesOf(hello);
    expect(items[0]!.actor.id).toBe(clinician.anonymousPersonaId);
    for (const secret of [clinician.id, clinician.username, clinician.personaId, clinician.displayName]) expect(body).not.toContain(secret);
    // The account has welcomed them: a second tap as its personal persona writes nothing more.
    expect((await welcome(clinician, hello.personaId)).json()).toEqual({ personaId: hello.personaId, asPersonaId: clinician.anonymousPersonaId });
    expect((await welcomesOf(hello)).items).toHaveLength(1);
  });

  it("welcomes an anonymous persona's hello: its account is told as that persona, and the welcomer learns nothing of the account", async () => {
    const said = await postReply(t, clinician, welcomeThreadId, clinician.anonymousPersonaId, "Hello. I work in a respiratory clinic and read here to learn.");
    expect(said.statusCode, said.body).toBe(201);
    const alex = await member();
    const given = await welcome(alex, clinician.anonymousPersonaId);
    expect(given.statusCode, given.body).toBe(201);
    for (const secret of [clinician.id, clinician.username, clinician.personaId]) expect(given.body).not.toContain(secret);
    // Its named persona said no hello: still a 404, whatever the account behind the anonymous one did.
    expect((await welcome(alex, clinician.personaId)).statusCode).toBe(404);
    const { items } = await welcomesOf(clinician);
    expect(items.map((n) => n.persona.id)).toEqual([clinician.anonymousPersonaId]);
    expect(items[0]!.actor.id).toBe(alex.personaId);
  });
});
