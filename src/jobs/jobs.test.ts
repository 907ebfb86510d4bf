import fs from "node:fs/promises";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, setRole, signUp } from "../../test/helpers/factories.ts";
import { parseMail, type ReceivedMail } from "../../test/helpers/smtp-inbox.ts";

const received: ReceivedMail[] = [];
let smtp: SMTPServer;
let t: TestApp;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const envelope = session.envelope;
        received.push(parseMail(Buffer.concat(chunks).toString("utf8"), envelope.mailFrom ? envelope.mailFrom.address : "", envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  t = await createTestApp({ work: true, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const mailTo = (address: string) => received.filter((m) => m.to.includes(address));
const email = () => `${Math.random().toString(36).slice(2, 10)}@example.org`;

describe("mail about requests to join, over SMTP", () => {
  it("tells an owner who gave an email that someone asked to join, without naming them", async () => {
    const ownerEmail = email();
    const owner = await signUp(t, { email: ownerEmail, emailVerified: true });
    const community = await createCommunity(t, owner, { name: "Carers of people with COPD", joinPolicy: "approval" });
    const applicant = await signUp(t, { email: email() });

    expect((await join(t, applicant, community.slug)).status).toBe("pending");
    await t.services.queue.settle();

    const mails = mailTo(ownerEmail);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.to).toEqual([ownerEmail]);
    expect(mail!.from).toBe("no-reply@hearth.test");
    expect(mail!.subject).toBe("Someone asked to join Carers of people with COPD");
    expect(mail!.text).toContain(`http://hearth.test/c/${community.slug}/members`);
    expect(mail!.text).toContain("How to stop these emails: remove your email address on your Account page (http://hearth.test/account)");
    expect(mail!.raw).not.toContain(applicant.username);
    expect(mail!.raw).not.toContain(applicant.personaId);
  });

  it("writes to each manager in the language they chose, else in the community's", async () => {
    const welshCommunity = async (ownerLocale?: string) => {
      const ownerEmail = email();
      const owner = await signUp(t, { email: ownerEmail, emailVerified: true });
      if (ownerLocale) expect((await t.request({ method: "PUT", url: "/api/v1/me/locale", token: owner.token, payload: { locale: ownerLocale } })).statusCode).toBe(200);
      const community = await createCommunity(t, owner, { name: "Byw gyda COPD", joinPolicy: "approval" });
      const set = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { charter: { language: "cy" } } });
      expect(set.statusCode, set.body).toBe(200);
      await join(t, await signUp(t), community.slug);
      return { ownerEmail, community };
    };
    const noChoice = await welshCommunity();
    const english = await welshCommunity("en-GB");
    await t.services.queue.settle();
    const [welshMail] = mailTo(noChoice.ownerEmail);
    expect(welshMail!.subject).toBe("Gofynnodd rhywun am ymuno â Byw gyda COPD");
    expect(welshMail!.text).toContain(`http://hearth.test/c/${noChoice.community.slug}/members`);
    const [englishMail] = mailTo(english.ownerEmail);
    expect(englishMail!.subject).toBe("Someone asked to join Byw gyda COPD");
  });

  it("tells each moderator who verified an email, and nobody who did not give one or never verified it", async () => {
    const owner = await signUp(t);
    const moderatorEmail = email();
    const moderator = await signUp(t, { email: moderatorEmail, emailVerified: true });
    // An address nobody proved may be someone else's: a mail about a health community would tell them something.
    const unprovenEmail = email();
    const unproven = await signUp(t, { email: unprovenEmail });
    const memberEmail = email();
    const member = await signUp(t, { email: memberEmail });
    const community = await createCommunity(t, owner);
    await join(t, moderator, community.slug);
    await join(t, unproven, community.slug);
    await join(t, member, community.slug);
    await setRole(t, owner, community.slug, moderator, "moderator");
    await setRole(t, owner, community.slug, unproven, "moderator");
    await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { joinPolicy: "approval" } });
    const before = received.length;

    await join(t, await signUp(t), community.slug);
    await t.services.queue.settle();

    const sent = received.slice(before);
    expect(sent.map((m) => m.to)).toEqual([[moderatorEmail]]);
    expect(mailTo(memberEmail)).toEqual([]);
    expect(mailTo(unprovenEmail)).toEqual([]);
  });

  it("sends nothing when someone joins an open community, asks twice, or is refused before asking", async () => {
    const ownerEmail = email();
    const owner = await signUp(t, { email: ownerEmail, emailVerified: true });
    const open = await createCommunity(t, owner);
    const approval = await createCommunity(t, owner, { joinPolicy: "approval" });
    const hidden = await createCommunity(t, owner, { visibility: "hidden" });
    const applicant = await signUp(t);

    expect((await join(t, applicant, open.slug)).status).toBe("member");
    expect((await join(t, applicant, approval.slug)).status).toBe("pending");
    await t.services.queue.settle();
    expect(mailTo(ownerEmail)).toHaveLength(1);

    // Asking again while the request waits, asking as a guest, asking where one cannot see.
    expect((await join(t, applicant, approval.slug)).status).toBe("pending");
    expect((await t.request({ method: "POST", url: `/api/v1/communities/${approval.slug}/members` })).statusCode).toBe(401);
    expect((await t.request({ method: "POST", url: `/api/v1/communities/${hidden.slug}/members`, token: applicant.token })).statusCode).toBe(404);
    await t.services.queue.settle();
    expect(mailTo(ownerEmail)).toHaveLength(1);
  });
});

describe("mail without SMTP", () => {
  let local: TestApp;
  beforeAll(async () => {
    local = await createTestApp({ work: true });
  });
  afterAll(async () => local?.close());

  it("writes the message as an .eml file under HEARTH_DATA_DIR/mail", async () => {
    const ownerEmail = email();
    const owner = await signUp(local, { email: ownerEmail, emailVerified: true });
    const community = await createCommunity(local, owner, { name: "Living with asthma", joinPolicy: "approval" });
    await join(local, await signUp(local), community.slug);
    await local.services.queue.settle();

    const dir = path.join(local.config.dataDir, "mail");
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".eml"));
    expect(files).toHaveLength(1);
    const mail = parseMail(await fs.readFile(path.join(dir, files[0]!), "utf8"), "", []);
    expect(mail.raw).toMatch(new RegExp(`^To: ${ownerEmail.replace(".", "\\.")}$`, "m"));
    expect(mail.subject).toBe("Someone asked to join Living with asthma");
    expect(mail.text).toContain(`http://hearth.test/c/${community.slug}/members`);
    expect(received.some((m) => m.to.includes(ownerEmail))).toBe(false);
  });
});
