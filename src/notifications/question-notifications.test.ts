/**
 * Notifications of the edge network (issue 14, ADR 51), in a real app with its job queue
 * working: the domain events src/questions publishes — a question routed to one person, an
 * answer accepted, nobody suitable left to ask — reach the right account, addressed to the
 * right persona, once however often the event comes, and never anyone who cannot read the
 * thread or turned questions off. The person asked learns nothing of who else was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { newBrowser } from "../../test/helpers/browser-form.ts";
import { startSmtpInbox, type SmtpInbox } from "../../test/helpers/smtp-inbox.ts";

let t: TestApp;
let inbox: SmtpInbox;
let owner: Member;
let community: { id: string; slug: string; name: string };

beforeAll(async () => {
  inbox = await startSmtpInbox();
  t = await createTestApp({ work: true, env: { SMTP_URL: inbox.url } });
  owner = await signUp(t);
  community = await createCommunity(t, owner, { name: "Breathe Easy Leeds" });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await inbox?.close();
});

type Told = { id: string; kind: string; persona: { id: string; displayName: string }; actor: { id: string } | null; thread: { id: string; title: string }; community: { slug: string }; postId: string | null };

const call = (who: Member, method: "GET" | "PUT" | "DELETE", url: string, payload?: object) => t.request({ method, url, token: who.token, ...(payload ? { payload } : {}) });

async function member(options: { email?: string } = {}): Promise<Member> {
  const made = await signUp(t, options.email ? { email: options.email, emailVerified: true } : {});
  await join(t, made, community.slug);
  return made;
}

/** What the member's notifications say about this thread (the JSON body, and the items). */
async function toldAbout(who: Member, threadId: string): Promise<{ body: string; items: Told[] }> {
  const response = await call(who, "GET", "/api/v1/notifications?limit=100");
  expect(response.statusCode, response.body).toBe(200);
  const items = (response.json().items as Told[]).filter((n) => n.thread?.id === threadId);
  return { body: JSON.stringify(items), items };
}

async function publish(event: Parameters<TestApp["services"]["events"]["publish"]>[1]) {
  await t.services.events.publish(t.database.db, event);
  await t.services.queue.settle();
}

const routed = (threadId: string, who: { id: string }, personaId: string) => publish({ type: "question.routed", communityId: community.id, threadId, accountId: who.id, personaId });

async function question(asker: Member, title: string, space = "general") {
  return startThread(t, asker, community.slug, space, { title, body: "Has anyone tried pulmonary rehab after an exacerbation?" });
}

describe("a question routed to one person", () => {
  it("tells the person asked, as the persona asked, once, and names nobody else", async () => {
    const asker = await member();
    const asked = await member();
    const alsoAsked = await member();
    const thread = await question(asker, "Rehab after a flare-up");

    await routed(thread.id, asked, asked.personaId);
    await routed(thread.id, alsoAsked, alsoAsked.personaId);
    // The event again (a retried job, a second routing round): still one notification.
    await routed(thread.id, asked, asked.personaId);

    const told = await toldAbout(asked, thread.id);
    expect(told.items).toHaveLength(1);
    expect(told.items[0]).toMatchObject({ kind: "question_routed", persona: { id: asked.personaId }, actor: null, thread: { id: thread.id, title: "Rehab after a flare-up" }, postId: null });
    // Not who else was asked, not who asked.
    for (const hidden of [alsoAsked.personaId, alsoAsked.displayName, alsoAsked.id, asker.personaId, asker.displayName, asker.id]) expect(told.body).not.toContain(hidden);
    expect((await toldAbout(alsoAsked, thread.id)).items.map((n) => n.kind)).toEqual(["question_routed"]);
    expect((await toldAbout(asker, thread.id)).items).toEqual([]);

    const browser = await newBrowser(t, asked);
    const page = await browser.get("/notifications");
    expect(page.body).toContain("A question you may be able to answer: ");
    expect(page.body).toContain("“Rehab after a flare-up”");
    expect(page.body).toContain(asked.displayName);
    expect(page.body).not.toContain(alsoAsked.displayName);
    const opened = await browser.get(`/notifications/open/${told.items[0]!.id}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/t/${thread.id}`);
  });

  it("tells nobody asked about their own question, nor with a persona of another account", async () => {
    const asker = await member();
    const other = await member();
    const thread = await question(asker, "My own question");
    await routed(thread.id, asker, asker.personaId);
    await routed(thread.id, other, asker.personaId);
    expect((await toldAbout(asker, thread.id)).items).toEqual([]);
    expect((await toldAbout(other, thread.id)).items).toEqual([]);
    // The same person asked properly is told.
    await routed(thread.id, other, other.personaId);
    expect((await toldAbout(other, thread.id)).items.map((n) => n.kind)).toEqual(["question_routed"]);
  });

  it("tells nobody who left the members-only space's community, while a member there is told", async () => {
    const space = (await createSpace(t, owner, community.slug, "members")).slug;
    const asker = await member();
    const stayed = await member();
    const left = await member();
    const thread = await question(asker, "Oxygen at night", space);
    expect((await call(left, "DELETE", `/api/v1/communities/${community.slug}/members/me`)).statusCode).toBeLessThan(300);

    await routed(thread.id, left, left.personaId);
    await routed(thread.id, stayed, stayed.personaId);
    expect((await toldAbout(left, thread.id)).items).toEqual([]);
    expect((await toldAbout(stayed, thread.id)).items.map((n) => n.kind)).toEqual(["question_routed"]);
  });

  it("writes nothing for a member who turned questions off, and says so on the settings page", async () => {
    const asker = await member();
    const off = await member();
    const on = await member();
    const saved = await call(off, "PUT", "/api/v1/me/preferences", { notifications: { questions: false } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().notifications.questions).toBe(false);
    expect(saved.json().email.questions).toBe("immediate");
    const thread = await question(asker, "Inhaler technique");
    await routed(thread.id, off, off.personaId);
    await routed(thread.id, on, on.personaId);
    expect((await toldAbout(off, thread.id)).items).toEqual([]);
    expect((await toldAbout(on, thread.id)).items).toHaveLength(1);

    const settings = await (await newBrowser(t, off)).get("/notifications/settings");
    expect(settings.body).toMatch(/id="field-type-questions"(?![^>]*checked)/);
    expect(settings.body).toContain("Questions I may be able to answer");
    expect(settings.body).toMatch(/id="field-email-questions-immediate"[^>]*checked/);
  });

  it("addresses an anonymous clinician persona as itself, with nothing of the account behind it", async () => {
    const admin = await signedInAdmin(t);
    const clinician = await makeClinician(t, admin);
    await join(t, clinician, community.slug);
    const asker = await member();
    const thread = await question(asker, "Breathlessness and anxiety");
    await routed(thread.id, clinician, clinician.anonymousPersonaId);

    const told = await toldAbout(clinician, thread.id);
    expect(told.items).toHaveLength(1);
    expect(told.items[0]!.persona).toMatchObject({ id: clinician.anonymousPersonaId, displayName: clinician.anonymousName });
    for (const hidden of [clinician.id, clinician.username, clinician.personaId, clinician.displayName]) expect(told.body).not.toContain(hidden);
    const page = await (await newBrowser(t, clinician)).get("/notifications");
    expect(page.body).toContain(clinician.anonymousName);
  });

  it("mails at once, naming a public question, and only the community for a members-only one", async () => {
    const email = `asked-${Math.random().toString(36).slice(2, 8)}@example.org`;
    const asked = await member({ email });
    const asker = await member();
    const open = await question(asker, "Pacing on bad days");
    const closedSpace = (await createSpace(t, owner, community.slug, "members")).slug;
    const membersOnly = await question(asker, "A private worry about sleep", closedSpace);
    await routed(open.id, asked, asked.personaId);
    await routed(membersOnly.id, asked, asked.personaId);

    const mails = await inbox.waitFor(email, 2);
    const [first, second] = [mails.find((m) => m.text.includes("Pacing on bad days")), mails.find((m) => !m.text.includes("Pacing on bad days"))];
    expect(first!.subject).toBe("A question you may be able to answer, in Breathe Easy Leeds");
    expect(first!.text).toContain("A question you may be able to answer: “Pacing on bad days”, in Breathe Easy Leeds.");
    expect(second!.text).toContain("Someone in Breathe Easy Leeds asked a question you may be able to answer. It is not public");
    for (const mail of mails) {
      expect(mail.text).not.toContain("A private worry about sleep");
      expect(mail.text).not.toContain(asked.displayName);
      expect(mail.text).not.toContain(asker.displayName);
    }
  });
});

describe("an answer accepted", () => {
  it("tells the answer's author, as the persona that answered, with the asker's persona, once", async () => {
    const asker = await member();
    const answerer = await member();
    const bystander = await member();
    const thread = await question(asker, "Steroids and sleep");
    const answer = await reply(t, answerer, thread.id, "It helped me to take them in the morning.");
    await reply(t, bystander, thread.id, "Same here.");
    await publish({ type: "answer.accepted", communityId: community.id, threadId: thread.id, postId: answer.id });
    await publish({ type: "answer.accepted", communityId: community.id, threadId: thread.id, postId: answer.id });

    const told = (await toldAbout(answerer, thread.id)).items.filter((n) => n.kind === "answer_accepted");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ persona: { id: answerer.personaId }, actor: { id: asker.personaId }, postId: answer.id });
    expect((await toldAbout(bystander, thread.id)).items.filter((n) => n.kind === "answer_accepted")).toEqual([]);

    const browser = await newBrowser(t, answerer);
    const page = await browser.get("/notifications");
    expect(page.body).toContain("accepted your answer to");
    expect(page.body).toContain(asker.displayName);
    const opened = await browser.get(`/notifications/open/${told[0]!.id}`);
    expect(opened.headers.location).toBe(`/t/${thread.id}#post-${answer.id}`);
  });

  it("goes once the answer is deleted", async () => {
    const asker = await member();
    const answerer = await member();
    const thread = await question(asker, "Flu jab timing");
    const answer = await reply(t, answerer, thread.id, "Early autumn, my nurse said.");
    await publish({ type: "answer.accepted", communityId: community.id, threadId: thread.id, postId: answer.id });
    expect((await toldAbout(answerer, thread.id)).items.filter((n) => n.kind === "answer_accepted")).toHaveLength(1);
    const deleted = await t.request({ method: "DELETE", url: `/api/v1/posts/${answer.id}`, token: answerer.token });
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    await t.services.queue.settle();
    expect((await toldAbout(answerer, thread.id)).items.filter((n) => n.kind === "answer_accepted")).toEqual([]);
  });
});

describe("nobody suitable left to ask", () => {
  it("tells the asker honestly, as the persona that asked, once", async () => {
    const asker = await member();
    const other = await member();
    const thread = await question(asker, "Travel insurance with COPD");
    await publish({ type: "question.exhausted", communityId: community.id, threadId: thread.id });
    await publish({ type: "question.exhausted", communityId: community.id, threadId: thread.id });

    const told = await toldAbout(asker, thread.id);
    expect(told.items).toHaveLength(1);
    expect(told.items[0]).toMatchObject({ kind: "question_unanswered", persona: { id: asker.personaId }, actor: null });
    expect((await toldAbout(other, thread.id)).items).toEqual([]);
    const page = await (await newBrowser(t, asker)).get("/notifications");
    expect(page.body).toContain("Nobody suitable is left to ask about ");
    expect(page.body).toContain("“Travel insurance with COPD”");
    expect(page.body).toContain("Your question stays open for anyone to answer.");
  });
});
