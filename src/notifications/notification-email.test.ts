/**
 * Notification email (issue 11 part 7, ADR 38), over a real SMTP server: a mail at once, a
 * daily digest as one mail, RFC 8058 one-click unsubscribe read from the received headers,
 * digests never twice for one period, office hours holding a clinician's digest, bad tokens,
 * and the live count streamed over a real HTTP connection.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, reply, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { startSmtpInbox, type ReceivedMail, type SmtpInbox } from "../../test/helpers/smtp-inbox.ts";
import { NOTIFICATION_DIGEST_JOB, queueDueDigests } from "./notification-mail.job.ts";
import { digestPeriod } from "./office-hours.ts";
import { STREAMS_PER_ACCOUNT } from "./notifications.routes.ts";

let t: TestApp;
let inbox: SmtpInbox;
let admin: Member;

beforeAll(async () => {
  inbox = await startSmtpInbox();
  t = await createTestApp({ work: true, env: { SMTP_URL: inbox.url } });
  admin = await signedInAdmin(t);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await inbox?.close();
});

const call = (who: { token: string } | null, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  t.request({ method, url, ...(who ? { token: who.token } : {}), ...(payload ? { payload } : {}) });

const address = () => `${Math.random().toString(36).slice(2, 10)}@example.org`;

/** A member with a verified address: only such an address is mailed. */
async function withMail(): Promise<Member & { email: string }> {
  const email = address();
  return { ...(await signUp(t, { email, emailVerified: true })), email };
}

async function setEmail(who: Member, email: Record<string, string>) {
  const response = await call(who, "PUT", "/api/v1/me/preferences", { email });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** A header of a received mail, unfolded. */
function header(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}: *(.*)$`, "im").exec(head)?.[1]?.trim();
}

/** Lets the worker finish every job, then a moment for the SMTP server to hand over what it got. */
async function settle() {
  await t.services.queue.settle();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe("a mail at once", () => {
  let author: Member & { email: string };
  let replier: Member;
  let slug: string;
  let threadId: string;
  beforeAll(async () => {
    author = await withMail();
    replier = await signUp(t);
    slug = (await createCommunity(t, author)).slug;
    threadId = (await startThread(t, author, slug, "general", { title: "Pacing on the stairs" })).id;
    await join(t, replier, slug);
  });

  it("mails a reply in a public thread at once, naming the thread, quoting nothing, with one-click unsubscribe headers", async () => {
    await reply(t, replier, threadId, "My secret inhaler story.");
    const [mail] = await inbox.waitFor(author.email, 1);
    expect(mail!.text).toContain("Pacing on the stairs");
    expect(mail!.text).not.toContain("secret inhaler");
    expect(mail!.text).toContain("http://hearth.test/notifications/open/");
    expect(header(mail!, "List-Unsubscribe")).toMatch(/^<http:\/\/hearth\.test\/unsubscribe\/[^>]+>$/);
    expect(header(mail!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  });

  it("honours the one-click POST from the header: replies stop, mentions still mail", async () => {
    const [mail] = inbox.to(author.email);
    const url = new URL(header(mail!, "List-Unsubscribe")!.slice(1, -1));
    // As a mail provider sends it (RFC 8058): no session, no CSRF token, no Origin.
    const oneClick = await t.request({ method: "POST", url: url.pathname, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "List-Unsubscribe=One-Click" });
    expect(oneClick.statusCode, oneClick.body).toBe(200);
    expect((await call(author, "GET", "/api/v1/me/preferences")).json().email).toMatchObject({ replies: "off", mentions: "immediate" });

    await reply(t, replier, threadId, "Another reply, which must not be mailed.");
    await settle();
    expect(inbox.to(author.email)).toHaveLength(1);

    await reply(t, replier, threadId, `Asking [you](http://hearth.test/personas/${author.personaId}) directly.`);
    const mails = await inbox.waitFor(author.email, 2);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toContain("mentioned");
  });

  it("does not mail an address that was never verified", async () => {
    const email = address();
    const unverified = await signUp(t, { email });
    await join(t, unverified, slug);
    const own = await startThread(t, unverified, slug, "general", { title: "Unverified" });
    await reply(t, replier, own.id, "Hello.");
    await settle();
    expect(inbox.to(email)).toEqual([]);
  });

  it("says nothing of a thread in a space that is not public", async () => {
    const space = await createSpace(t, author, slug, "members");
    const hidden = await startThread(t, author, slug, space.slug, { title: "Private worries about oxygen" });
    await call(author, "PUT", "/api/v1/me/preferences", { email: { replies: "immediate" } });
    const before = inbox.to(author.email).length;
    await reply(t, replier, hidden.id, "A reply in the members' space.");
    const mails = await inbox.waitFor(author.email, before + 1);
    const mail = mails[mails.length - 1]!;
    expect(mail.text).not.toContain("Private worries");
    expect(mail.text).not.toContain("members' space");
    expect(mail.text).not.toContain(replier.displayName);
    expect(mail.text).toContain("not public");
  });
});

describe("digests", () => {
  it("gathers two notifications into ONE daily mail, and a rerun of the period sends nothing", async () => {
    const author = await withMail();
    const replier = await signUp(t);
    const slug = (await createCommunity(t, author)).slug;
    const thread = await startThread(t, author, slug, "general", { title: "Breathing exercises" });
    await join(t, replier, slug);
    await setEmail(author, { replies: "daily" });
    await reply(t, replier, thread.id, "First.");
    await reply(t, replier, thread.id, "Second.");
    await settle();
    expect(inbox.to(author.email)).toEqual([]); // daily: nothing at once

    await queueDueDigests(t.services.queue, t.services.notificationEmail);
    await settle();
    const mails = inbox.to(author.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("2 notifications");
    expect(mails[0]!.text.match(/\/notifications\/open\//g)).toHaveLength(2);
    expect(header(mails[0]!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");

    // The same period again: by the scheduled pass, and by the job itself queued twice more.
    expect(await queueDueDigests(t.services.queue, t.services.notificationEmail)).toBe(0);
    const period = digestPeriod("daily", new Date());
    await t.services.queue.send(NOTIFICATION_DIGEST_JOB, { accountId: author.id, frequency: "daily", period });
    await t.services.queue.send(NOTIFICATION_DIGEST_JOB, { accountId: author.id, frequency: "daily", period });
    await settle();
    expect(inbox.to(author.email)).toHaveLength(1);
  });

  it("holds a clinician's digest outside their office hours, and sends it once they open", async () => {
    const clinician = { ...(await makeClinician(t, admin)) };
    await t.services.queue.settle(); // the approval is told (and would be mailed) before the address exists
    const email = address();
    await t.database.db.updateTable("accounts").set({ email, email_verified_at: new Date() }).where("id", "=", clinician.id).execute();
    const replier = await signUp(t);
    const slug = (await createCommunity(t, clinician)).slug;
    const thread = await startThread(t, clinician, slug, "general", { title: "Ask a nurse" });
    await join(t, replier, slug);
    const today = ((new Date().getUTCDay() + 6) % 7) + 1;
    const otherDays = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today);
    const closed = await call(clinician, "PUT", "/api/v1/me/preferences", { email: { replies: "daily" }, officeHours: { days: otherDays, from: "00:00", to: "24:00", timeZone: "UTC" } });
    expect(closed.statusCode, closed.body).toBe(200);
    await reply(t, replier, thread.id, "A question for you.");
    await settle();

    await queueDueDigests(t.services.queue, t.services.notificationEmail);
    await settle();
    expect(inbox.to(email)).toEqual([]);
    const done = await t.database.db.selectFrom("notification_digests").select("period").where("account_id", "=", clinician.id).execute();
    expect(done).toEqual([]); // held, not done: the next pass tries again

    await call(clinician, "PUT", "/api/v1/me/preferences", { officeHours: { days: [1, 2, 3, 4, 5, 6, 7], from: "00:00", to: "24:00", timeZone: "UTC" } });
    await queueDueDigests(t.services.queue, t.services.notificationEmail);
    const mails = await inbox.waitFor(email, 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("daily digest");
  });
});

describe("poll closings and welcomes by email (ADR 41)", () => {
  it("mails neither until chosen; then a welcome at once naming only the community, and a closed poll in a digest naming its public question", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Breathe Easy" });
    const thread = await startThread(t, owner, community.slug, "general", { title: "Say hello" });
    expect((await call(owner, "PUT", `/api/v1/communities/${community.slug}/welcome-thread`, { threadId: thread.id })).statusCode).toBe(200);
    const newcomer = await withMail();
    await join(t, newcomer, community.slug);
    expect((await call(newcomer, "GET", "/api/v1/me/preferences")).json().email).toMatchObject({ polls: "off", welcomes: "off" });
    await reply(t, newcomer, thread.id, "Hello, I am new.");
    const first = await signUp(t);
    await join(t, first, community.slug);
    expect((await call(first, "POST", `/api/v1/communities/${community.slug}/members/${newcomer.personaId}/welcome`)).statusCode).toBe(201);
    await settle();
    expect(inbox.to(newcomer.email)).toEqual([]); // off by default

    await setEmail(newcomer, { welcomes: "immediate", polls: "daily" });
    const second = await signUp(t);
    await join(t, second, community.slug);
    expect((await call(second, "POST", `/api/v1/communities/${community.slug}/members/${newcomer.personaId}/welcome`)).statusCode).toBe(201);
    const [mail] = await inbox.waitFor(newcomer.email, 1);
    expect(mail!.subject).toBe("You were welcomed to Breathe Easy");
    expect(mail!.text).toContain("A member welcomed you to Breathe Easy.");
    expect(mail!.text).not.toContain(second.displayName);
    expect(mail!.text).not.toContain(newcomer.displayName);

    const poll = await call(owner, "POST", `/api/v1/threads/${thread.id}/poll`, { question: "Tea or coffee?", options: ["Tea", "Coffee"], closesAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(poll.statusCode, poll.body).toBe(201);
    expect((await call(newcomer, "POST", `/api/v1/polls/${poll.json().id}/votes`, { options: [0] })).statusCode).toBe(201);
    await t.database.db.updateTable("polls").set({ closes_at: new Date(Date.now() - 1000) }).where("id", "=", poll.json().id).execute();
    await t.services.notifications.notePollClosed(poll.json().id);
    await settle();
    expect(inbox.to(newcomer.email)).toHaveLength(1); // daily: nothing at once
    await queueDueDigests(t.services.queue, t.services.notificationEmail);
    const mails = await inbox.waitFor(newcomer.email, 2);
    expect(mails[1]!.subject).toContain("daily digest");
    expect(mails[1]!.text).toContain("The poll “Tea or coffee?” in “Say hello”, in Breathe Easy, has closed.");
  });
});

describe("bad input", () => {
  it("answers a bad unsubscribe token with 404 and changes nothing", async () => {
    const member = await withMail();
    const before = (await call(member, "GET", "/api/v1/me/preferences")).json();
    const forged = `${member.id}.replies.${"A".repeat(43)}`;
    for (const token of [forged, "nonsense", `${member.id}.everything.x`]) {
      expect((await t.request({ method: "GET", url: `/unsubscribe/${token}` })).statusCode).toBe(404);
      const post = await t.request({ method: "POST", url: `/unsubscribe/${token}`, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "List-Unsubscribe=One-Click" });
      expect(post.statusCode).toBe(404);
    }
    expect((await call(member, "GET", "/api/v1/me/preferences")).json()).toEqual(before);
  });

  it("shows the unsubscribe page signed out for a good token, changing nothing until the button", async () => {
    const member = await withMail();
    const url = await t.services.notificationEmail.unsubscribeUrl(member.id, "mentions");
    const page = await t.request({ method: "GET", url: new URL(url).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<form method=\"post\"");
    expect((await call(member, "GET", "/api/v1/me/preferences")).json().email.mentions).toBe("immediate");
  });

  it("refuses an unknown email choice or office hours for a non-clinician, naming the field, writing nothing", async () => {
    const member = await signUp(t);
    const choice = await call(member, "PUT", "/api/v1/me/preferences", { email: { replies: "hourly" } });
    expect(choice.statusCode).toBe(400);
    expect(JSON.stringify(choice.json().error.fields)).toContain("replies");
    const hours = await call(member, "PUT", "/api/v1/me/preferences", { email: { follows: "weekly" }, officeHours: { days: [1], from: "09:00", to: "17:00", timeZone: "UTC" } });
    expect(hours.statusCode).toBe(400);
    expect(Object.keys(hours.json().error.fields)).toEqual(["officeHours"]);
    expect((await call(member, "GET", "/api/v1/me/preferences")).json().email.follows).toBe("off");
    const clinician = await makeClinician(t, admin);
    const backwards = await call(clinician, "PUT", "/api/v1/me/preferences", { officeHours: { days: [1], from: "17:00", to: "09:00", timeZone: "UTC" } });
    expect(backwards.statusCode).toBe(400);
    expect(Object.keys(backwards.json().error.fields)).toEqual(["officeHours.to"]);
    const zone = await call(clinician, "PUT", "/api/v1/me/preferences", { officeHours: { days: [1], from: "09:00", to: "17:00", timeZone: "Mars/Olympus" } });
    expect(Object.keys(zone.json().error.fields)).toEqual(["officeHours.timeZone"]);
  });
});

describe("the live count", () => {
  it("streams the unread count on connecting and again after a new notification", async () => {
    const author = await signUp(t);
    const replier = await signUp(t);
    const slug = (await createCommunity(t, author)).slug;
    const thread = await startThread(t, author, slug, "general", { title: "Live" });
    await join(t, replier, slug);
    await t.services.queue.settle();

    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = t.app.server.address() as AddressInfo;
    const guest = await fetch(`http://127.0.0.1:${port}/api/v1/notifications/stream`, { headers: { accept: "text/event-stream" } });
    expect(guest.status).toBe(401);
    await guest.body?.cancel();

    const abort = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/notifications/stream`, { headers: { authorization: `Bearer ${author.token}`, accept: "text/event-stream" }, signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = "";
    const nextData = async (): Promise<unknown> => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const match = /^data: (.*)$/m.exec(received);
        if (match) {
          received = received.slice(match.index + match[0].length);
          return JSON.parse(match[1]!);
        }
        if (Date.now() > deadline) throw new Error(`no data within 15 s: ${received}`);
        const { value, done } = await reader.read();
        if (done) throw new Error("the stream ended");
        received += decoder.decode(value, { stream: true });
      }
    };
    try {
      expect(await nextData()).toEqual({ unread: 0 });
      await reply(t, replier, thread.id, "Now.");
      expect(await nextData()).toEqual({ unread: 1 });
      // Up to STREAMS_PER_ACCOUNT at once (tabs); one more is refused, and one closing frees its place.
      const more: AbortController[] = [];
      const open = async () => {
        const controller = new AbortController();
        more.push(controller);
        return fetch(`http://127.0.0.1:${port}/api/v1/notifications/stream`, { headers: { authorization: `Bearer ${author.token}`, accept: "text/event-stream" }, signal: controller.signal });
      };
      for (let i = 1; i < STREAMS_PER_ACCOUNT; i++) expect((await open()).status).toBe(200);
      const refused = await open();
      expect(refused.status).toBe(429);
      await refused.body?.cancel();
      more.shift()!.abort();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await open()).status).toBe(200);
      for (const controller of more) controller.abort();
    } finally {
      abort.abort();
      await reader.cancel().catch(() => {});
    }
  });
});
