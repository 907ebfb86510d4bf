/**
 * Being told what happened (issue 8, ADR 31): each outcome reaches the account it is
 * about, and nobody else, on the notifications list and by mail over a real SMTP server
 * (with the line saying how to stop them); a job run again tells and mails nobody twice.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, decide, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { applyAsClinician, decideApplication, makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { moderate, postThread, postReply } from "../../test/helpers/moderation-fixtures.ts";
import type { EventBus } from "../events/event-bus.ts";
import { subscribeOutcomeNotifications } from "./outcome-notifications.job.ts";
import { parseMail, type ReceivedMail } from "../../test/helpers/smtp-inbox.ts";
import type { JobContext } from "../jobs/queue.ts";

const received: ReceivedMail[] = [];
const refuseOnce = new Set<string>();
let smtp: SMTPServer;
let t: TestApp;
let admin: Member;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuseOnce.delete(address.address)) return callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push(parseMail(Buffer.concat(chunks).toString("utf8"), "", session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  t = await createTestApp({ work: true, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
  admin = await signedInAdmin(t);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const email = () => `${Math.random().toString(36).slice(2, 10)}@example.org`;
const mailTo = (address: string) => received.filter((m) => m.to.includes(address));
/** A member whose address is verified (as if they had followed the link the Account page mails): only such an address is mailed. */
async function signUpVerified(address: string) {
  const member = await signUp(t, { email: address });
  await t.database.db.updateTable("accounts").set({ email_verified_at: new Date() }).where("id", "=", member.id).execute();
  return member;
}

type Item = { id: string; kind: string; message?: string; reason?: string | null; link?: string; read: boolean; community?: { name: string } | null; persona?: { id: string } | null };
async function notificationsOf(member: { token: string }): Promise<Item[]> {
  await t.services.queue.settle();
  const listed = await t.request({ method: "GET", url: "/api/v1/notifications", token: member.token });
  expect(listed.statusCode, listed.body).toBe(200);
  return listed.json().items as Item[];
}
const outcomes = async (member: { token: string }, kind: string) => (await notificationsOf(member)).filter((n) => n.kind === kind);

describe("a join request decided", () => {
  it("tells the one who asked, on the list and by mail with the way to stop them; not the manager or another member", async () => {
    const owner = await signUp(t, { email: email() });
    const community = await createCommunity(t, owner, { name: "Living with COPD", joinPolicy: "approval" });
    const address = email();
    const applicant = await signUpVerified(address);
    const bystander = await signUp(t);
    await join(t, bystander, community.slug);
    await join(t, applicant, community.slug);
    await decide(t, owner, community.slug, applicant, "approve");

    const [told, ...more] = await outcomes(applicant, "join_approved");
    expect(more).toEqual([]);
    expect(told).toMatchObject({ message: "Your request to join Living with COPD was approved. You are a member now.", link: `/c/${community.slug}`, read: false });
    expect(await outcomes(owner, "join_approved")).toEqual([]);
    expect(await outcomes(bystander, "join_approved")).toEqual([]);

    const mails = mailTo(address);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("You are now a member of Living with COPD");
    expect(mails[0]!.text).toContain(`http://hearth.test/notifications/open/${told!.id}`);
    expect(mails[0]!.text).toContain("How to stop these emails");
    expect(mails[0]!.text).toContain("http://hearth.test/notifications/settings");
    expect(mails[0]!.raw).not.toContain(applicant.displayName);
  });

  it("tells a member who reads Hearth in Welsh in Welsh, by mail and on the list, while another reads the same list in English", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Byw gyda COPD", joinPolicy: "approval" });
    const address = email();
    const applicant = await signUpVerified(address);
    expect((await t.request({ method: "PUT", url: "/api/v1/me/locale", token: applicant.token, payload: { locale: "cy" } })).statusCode).toBe(200);
    await join(t, applicant, community.slug);
    await decide(t, owner, community.slug, applicant, "approve");

    const [told] = await outcomes(applicant, "join_approved");
    expect(told!.message).toBe("Cymeradwywyd eich cais i ymuno â Byw gyda COPD. Rydych yn aelod nawr.");
    const [mail] = mailTo(address);
    expect(mail!.subject).toBe("Rydych bellach yn aelod o Byw gyda COPD");
    expect(mail!.text).toContain(`http://hearth.test/notifications/open/${told!.id}`);
    expect(mail!.text).toContain("Sut i atal yr e-byst hyn");
    expect(mail!.text).not.toContain("How to stop these emails");
    // The same account's list asked for in English (a browser that says so, the account's choice set back).
    expect((await t.request({ method: "PUT", url: "/api/v1/me/locale", token: applicant.token, payload: { locale: "en-GB" } })).statusCode).toBe(200);
    expect((await outcomes(applicant, "join_approved"))[0]!.message).toBe("Your request to join Byw gyda COPD was approved. You are a member now.");
  });

  it("tells a member whose address is not verified on the list only: nothing is mailed to an address nobody proved", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Unverified welcome", joinPolicy: "approval" });
    const address = email();
    const applicant = await signUp(t, { email: address });
    await join(t, applicant, community.slug);
    await decide(t, owner, community.slug, applicant, "approve");
    expect(await outcomes(applicant, "join_approved")).toHaveLength(1);
    expect(mailTo(address)).toEqual([]);
  });

  it("tells of a request turned down; nothing is mailed to one who turned outcome emails off", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Carers of people with COPD", joinPolicy: "approval" });
    const address = email();
    const applicant = await signUpVerified(address);
    const off = await t.services.notifications.setOutcomeEmails(await t.services.accounts.viewerForAccount(applicant.id), false);
    expect(off).toEqual({ outcomeEmails: false, hasEmail: true });
    await join(t, applicant, community.slug);
    await decide(t, owner, community.slug, applicant, "reject");

    expect(await outcomes(applicant, "join_declined")).toMatchObject([{ message: "Your request to join Carers of people with COPD was turned down." }]);
    expect(mailTo(address)).toEqual([]);
  });
});

describe("a clinician application decided", () => {
  it("tells the applicant the decision with the reviewer's reason, and not the reviewer", async () => {
    const address = email();
    const applicant = await signUpVerified(address);
    await decideApplication(t, admin, await applyAsClinician(t, applicant), "reject", "The register shows a different name.");
    expect(await outcomes(applicant, "clinician_rejected")).toMatchObject([
      { message: "Your clinician application was not approved.", reason: "The register shows a different name.", link: "/settings/clinician" },
    ]);
    expect(await outcomes(admin, "clinician_rejected")).toEqual([]);
    const [mail] = mailTo(address);
    expect(mail!.subject).toBe("Your clinician application was not approved");
    // The reason stays on Hearth, behind the sign-in.
    expect(mail!.raw).not.toContain("different name");

    const approved = await signUp(t);
    await decideApplication(t, admin, await applyAsClinician(t, approved), "approve");
    expect(await outcomes(approved, "clinician_approved")).toHaveLength(1);
    expect(await outcomes(applicant, "clinician_approved")).toEqual([]);
  });
});

describe("a moderator's warning or hidden post", () => {
  it("tells the author, with the community and the reason, and names no moderator; the author's post says why it is hidden", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Asthma together" });
    const author = await signUp(t);
    const reader = await signUp(t);
    await join(t, author, community.slug);
    await join(t, reader, community.slug);
    const thread = (await postThread(t, author, community.slug)).json();
    const post = (await postReply(t, author, thread.id, undefined, "Stop your inhaler, try salt.")).json();

    const hid = await moderate(t, owner, { targetType: "post", targetId: post.id, action: "hide", reason: "Unsafe medical advice" });
    expect(hid.statusCode, hid.body).toBe(201);
    const warned = await moderate(t, owner, { targetType: "persona", targetId: author.personaId, community: community.slug, action: "warn", reason: "Please check advice with a clinician" });
    expect(warned.statusCode, warned.body).toBe(201);

    const [hidden] = await outcomes(author, "post_hidden");
    expect(hidden).toMatchObject({ reason: "Unsafe medical advice", community: { name: "Asthma together" }, persona: { id: author.personaId }, link: `/t/${thread.id}#post-${post.id}` });
    expect(JSON.stringify(hidden)).not.toContain(owner.personaId);
    expect(await outcomes(author, "moderation_warning")).toMatchObject([{ reason: "Please check advice with a clinician", message: "A moderator of Asthma together gave you a warning." }]);
    expect(await outcomes(reader, "post_hidden")).toEqual([]);
    expect(await outcomes(owner, "moderation_warning")).toEqual([]);

    const asAuthor = await t.request({ method: "GET", url: `/t/${thread.id}`, headers: { authorization: `Bearer ${author.token}` } });
    expect(asAuthor.body).toContain("Hidden by a moderator: Unsafe medical advice");
    const asReader = await t.request({ method: "GET", url: `/t/${thread.id}`, headers: { authorization: `Bearer ${reader.token}` } });
    expect(asReader.body).toContain("Hidden by a moderator");
    expect(asReader.body).not.toContain("Unsafe medical advice");
  });
});

describe("break-glass", () => {
  it("tells the other administrators a request waits, not the one who asked; tells the member once when their account is read, without naming the administrator", async () => {
    const second = await signedInAdmin(t);
    const clinician = await makeClinician(t, admin);
    const asked = await t.request({ method: "POST", url: "/api/v1/admin/break-glass", token: admin.token, payload: { personaId: clinician.anonymousPersonaId, reason: "A safeguarding concern" } });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().id as string;

    expect(await outcomes(second, "break_glass_waiting")).toHaveLength(1);
    expect(await outcomes(admin, "break_glass_waiting")).toEqual([]);
    expect(await outcomes(clinician, "break_glass_waiting")).toEqual([]);

    const approved = await t.request({ method: "POST", url: `/api/v1/admin/break-glass/${id}/decision`, token: second.token, payload: { decision: "approve" } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await outcomes(clinician, "account_revealed")).toEqual([]); // approved, not yet read
    for (let i = 0; i < 2; i++) expect((await t.request({ method: "GET", url: `/api/v1/admin/break-glass/${id}`, token: admin.token })).statusCode).toBe(200);

    const told = await outcomes(clinician, "account_revealed");
    expect(told).toHaveLength(1); // read twice, told once
    expect(told[0]).toMatchObject({ persona: { id: clinician.anonymousPersonaId }, link: "/me/audit-log" });
    const text = JSON.stringify(told);
    for (const name of [admin.displayName, admin.username, second.displayName, second.username]) expect(text).not.toContain(name);
    expect(await outcomes(admin, "account_revealed")).toEqual([]);
  });
});

describe("opening a notification", () => {
  it("marks it read and answers where it points; someone else's is not found and stays unread", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    const applicant = await signUp(t);
    await join(t, applicant, community.slug);
    await decide(t, owner, community.slug, applicant, "approve");
    const [n] = await outcomes(applicant, "join_approved");

    const stranger = await t.request({ method: "GET", url: `/notifications/open/${n!.id}`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(stranger.statusCode).toBe(404);
    expect((await outcomes(applicant, "join_approved"))[0]!.read).toBe(false);

    const opened = await t.request({ method: "GET", url: `/notifications/open/${n!.id}`, headers: { authorization: `Bearer ${applicant.token}` } });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/c/${community.slug}`);
    expect((await outcomes(applicant, "join_approved"))[0]!.read).toBe(true);
  });
});

describe("a job run again", () => {
  it("the handler run twice for one job, the first time with the mail refused, makes one notification and one mail", async () => {
    const owner = await signUp(t);
    const community = await createCommunity(t, owner, { name: "Breathe easy", joinPolicy: "approval" });
    const address = email();
    const applicant = await signUpVerified(address);
    const handlers = new Map<string, (event: object, job: JobContext) => Promise<void>>();
    const capture = { subscribe: (_type: string, name: string, handler: (event: object, job: JobContext) => Promise<void>) => handlers.set(name, handler) };
    const { notifications, clinicians, moderation, breakGlass, forks } = t.services;
    subscribeOutcomeNotifications(capture as unknown as EventBus, { notifications, clinicians, moderation, breakGlass, forks }, t.services.mailer, t.services.jobEffects);
    const handler = handlers.get("notify-join-request-decided")!;
    const event = { type: "membership.request_decided", communityId: community.id, accountId: applicant.id, decision: "approved" };
    const job = { id: randomUUID(), name: "event.notify-join-request-decided" };

    refuseOnce.add(address);
    await expect(handler(event, job)).rejects.toThrow();
    await handler(event, job);
    await handler(event, job);

    expect(await outcomes(applicant, "join_approved")).toHaveLength(1);
    expect(mailTo(address)).toHaveLength(1);
    expect(mailTo(address)[0]!.subject).toBe("You are now a member of Breathe easy");
  });
});
