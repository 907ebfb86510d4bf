import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, join, signUp, type Member } from "../../test/helpers/factories.ts";
import { makeClinician, signedInAdmin } from "../../test/helpers/clinician-fixtures.ts";
import { postThread } from "../../test/helpers/moderation-fixtures.ts";

let t: TestApp;
let first: Member;
let second: Member;

beforeAll(async () => {
  t = await createTestApp();
  first = await signedInAdmin(t);
  second = await signedInAdmin(t);
});
afterAll(async () => t?.close());

const ask = (who: { token: string }, payload: Record<string, unknown>) => t.request({ method: "POST", url: "/api/v1/admin/break-glass", token: who.token, payload });
const decide = (who: { token: string }, id: string, payload: Record<string, unknown>) =>
  t.request({ method: "POST", url: `/api/v1/admin/break-glass/${id}/decision`, token: who.token, payload });
const read = (who: { token: string }, id: string) => t.request({ method: "GET", url: `/api/v1/admin/break-glass/${id}`, token: who.token });
const auditOf = (who: { token: string }) => t.request({ method: "GET", url: "/api/v1/me/audit-log", token: who.token });
const count = async (table: "break_glass_requests" | "audit_log") =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);

describe("break-glass", () => {
  it("reveals the account only to the administrator who asked, after a second administrator approves, and the member sees every step", async () => {
    const clinician = await makeClinician(t, first);
    const owner = await signUp(t);
    const community = await createCommunity(t, owner);
    await join(t, clinician, community.slug);
    expect((await postThread(t, clinician, community.slug, clinician.anonymousPersonaId)).statusCode).toBe(201);

    const asked = await ask(first, { personaId: clinician.anonymousPersonaId, reason: "Police request about a safeguarding concern, ref 123." });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ status: "pending", mine: true, persona: { id: clinician.anonymousPersonaId } });
    expect(asked.json()).not.toHaveProperty("account");
    const id = asked.json().id as string;

    const pending = await t.request({ method: "GET", url: "/api/v1/admin/break-glass?status=pending", token: second.token });
    expect(pending.json().items.map((r: { id: string }) => r.id)).toContain(id);
    expect(pending.body).not.toContain(clinician.username);

    const own = await decide(first, id, { decision: "approve" });
    expect(own.statusCode).toBe(403);
    expect((await read(first, id)).json()).not.toHaveProperty("account");

    const approved = await decide(second, id, { decision: "approve", reason: "The reference checks out." });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", decidedBy: { username: second.username } });
    expect((await decide(second, id, { decision: "reject" })).statusCode).toBe(409);

    const revealed = await read(first, id);
    expect(revealed.json().account).toEqual({ id: clinician.id, username: clinician.username });
    const otherAdmin = await read(second, id);
    expect(otherAdmin.json()).not.toHaveProperty("account");
    expect(otherAdmin.body).not.toContain(clinician.username);

    const pendingAfter = await t.request({ method: "GET", url: "/api/v1/admin/break-glass", token: second.token });
    expect(pendingAfter.json().items.map((r: { id: string }) => r.id)).not.toContain(id);

    const audit = await auditOf(clinician);
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items.map((e: { action: string; actor: { displayName: string } | null }) => [e.action, e.actor?.displayName])).toEqual([
      ["break_glass.revealed", first.displayName],
      ["break_glass.approved", second.displayName],
      ["break_glass.requested", first.displayName],
    ]);
    expect(audit.body).not.toContain(first.username);
    expect(audit.json().items[2]).toMatchObject({ reason: "Police request about a safeguarding concern, ref 123.", persona: { id: clinician.anonymousPersonaId } });
    // Administrators answer for a reveal to the moment (moderation entries show the day only: audit-log.test.ts).
    for (const entry of audit.json().items as { createdAt: string }[]) expect(entry.createdAt).not.toMatch(/T00:00:00\.000Z$/);

    // Every reading of the account is recorded again.
    await read(first, id);
    expect((await auditOf(clinician)).json().items.filter((e: { action: string }) => e.action === "break_glass.revealed")).toHaveLength(2);
    // Reading without the account is not a reveal.
    await read(second, id);
    expect((await auditOf(clinician)).json().items).toHaveLength(4);
  });

  it("shows nothing of the account when the request is turned down", async () => {
    const clinician = await makeClinician(t, first);
    const id = (await ask(second, { personaId: clinician.anonymousPersonaId, reason: "Curious." })).json().id;
    const rejected = await decide(first, id, { decision: "reject", reason: "Not a reason to reveal anyone." });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().status).toBe("rejected");
    const view = await read(second, id);
    expect(view.json()).not.toHaveProperty("account");
    expect(view.body).not.toContain(clinician.username);
    expect((await auditOf(clinician)).json().items.map((e: { action: string }) => e.action)).toEqual(["break_glass.rejected", "break_glass.requested"]);
  });

  it("is for administrators only, and an administrator cannot decide about their own persona", async () => {
    const member = await signUp(t);
    const clinician = await makeClinician(t, first);
    const before = { requests: await count("break_glass_requests"), audit: await count("audit_log") };
    expect((await ask(member, { personaId: clinician.anonymousPersonaId, reason: "I want to know." })).statusCode).toBe(403);
    expect((await t.request({ method: "POST", url: "/api/v1/admin/break-glass", payload: { personaId: clinician.anonymousPersonaId, reason: "x" } })).statusCode).toBe(401);
    expect((await t.request({ method: "GET", url: "/api/v1/admin/break-glass", token: member.token })).statusCode).toBe(403);
    expect({ requests: await count("break_glass_requests"), audit: await count("audit_log") }).toEqual(before);

    const id = (await ask(first, { personaId: clinician.anonymousPersonaId, reason: "Safeguarding." })).json().id;
    expect((await read(member, id)).statusCode).toBe(403);
    expect((await decide(member, id, { decision: "approve" })).statusCode).toBe(403);

    const aboutSecond = (await ask(first, { personaId: second.personaId, reason: "A complaint names this persona." })).json().id;
    expect((await decide(second, aboutSecond, { decision: "reject" })).statusCode).toBe(403);
  });

  it("turns down bad input and writes nothing", async () => {
    const before = { requests: await count("break_glass_requests"), audit: await count("audit_log") };
    expect((await ask(first, { personaId: "AAAAAAAAAAAAAAAA", reason: "Safeguarding." })).statusCode).toBe(404);
    expect((await ask(first, { personaId: "not an id", reason: "Safeguarding." })).statusCode).toBe(404);
    expect((await ask(first, { personaId: first.personaId })).statusCode).toBe(400);
    expect((await ask(first, { personaId: first.personaId, reason: "   " })).statusCode).toBe(400);
    expect((await ask(first, { personaId: first.personaId, reason: "x", extra: 1 })).statusCode).toBe(400);
    expect((await decide(second, "AAAAAAAAAAAAAAAA", { decision: "approve" })).statusCode).toBe(404);
    expect((await decide(second, "nope", { decision: "approve" })).statusCode).toBe(404);
    expect((await read(second, "AAAAAAAAAAAAAAAA")).statusCode).toBe(404);
    const id = (await ask(first, { personaId: first.personaId, reason: "Checking my own." })).json().id;
    const after = { requests: await count("break_glass_requests"), audit: await count("audit_log") };
    expect((await decide(second, id, { decision: "maybe" })).statusCode).toBe(400);
    expect({ requests: await count("break_glass_requests"), audit: await count("audit_log") }).toEqual(after);
    expect(after).toEqual({ requests: before.requests + 1, audit: before.audit + 1 });
  });
});

describe("the audit log", () => {
  it("refuses any update, delete or truncate, even straight in the database", async () => {
    const clinician = await makeClinician(t, first);
    await ask(first, { personaId: clinician.anonymousPersonaId, reason: "Safeguarding." });
    const db = t.database.db;
    const before = await sql<{ action: string }>`select action from audit_log where subject_account_id = ${clinician.id}`.execute(db);
    expect(before.rows).toEqual([{ action: "break_glass.requested" }]);
    await expect(sql`update audit_log set action = 'nothing happened' where subject_account_id = ${clinician.id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where subject_account_id = ${clinician.id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const after = await sql<{ action: string }>`select action from audit_log where subject_account_id = ${clinician.id}`.execute(db);
    expect(after.rows).toEqual(before.rows);
  });

  it("is read only by the member it is about", async () => {
    const clinician = await makeClinician(t, first);
    const asker = await signedInAdmin(t);
    await ask(asker, { personaId: clinician.anonymousPersonaId, reason: "Safeguarding." });
    expect((await auditOf(clinician)).json().items).toHaveLength(1);
    const someoneElse = await signUp(t);
    expect((await auditOf(someoneElse)).json().items).toEqual([]);
    expect((await auditOf(asker)).json().items).toEqual([]);
    expect((await t.request({ method: "GET", url: "/api/v1/me/audit-log" })).statusCode).toBe(401);
  });
});
