/**
 * Test data for moderation and break-glass, made through the API: administrators,
 * verified clinicians with an anonymous persona, and writing as a chosen persona.
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { TestApp } from "./test-app.ts";
import { signUp, type Member } from "./factories.ts";

export type Clinician = Member & { anonymousPersonaId: string; anonymousName: string };

/** An administrator, signed in. */
export async function makeAdmin(t: TestApp): Promise<Member> {
  const username = `admin_${randomBytes(4).toString("hex")}`;
  const password = "a long admin password";
  await t.services.accounts.createAdmin(username, password);
  const session = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username, password } });
  expect(session.statusCode, session.body).toBe(200);
  const token = session.json().token as string;
  const me = (await t.request({ method: "GET", url: "/api/v1/me", token })).json();
  return { id: me.id, username, password, token, personaId: me.personas[0].id };
}

/** A member verified as a respiratory nurse by `admin`, with an anonymous-professional persona. */
export async function makeClinician(t: TestApp, admin: Member): Promise<Clinician> {
  const member = await signUp(t);
  const applied = await t.request({
    method: "POST",
    url: "/api/v1/clinician-verifications",
    token: member.token,
    payload: { profession: "Nurse", register: "NMC", registrationNumber: "12A3456E", specialty: "Respiratory nurse" },
  });
  expect(applied.statusCode, applied.body).toBe(201);
  const decided = await t.request({
    method: "POST",
    url: `/api/v1/admin/clinician-verifications/${applied.json().id}/decision`,
    token: admin.token,
    payload: { decision: "approve" },
  });
  expect(decided.statusCode, decided.body).toBe(200);
  const persona = await t.request({ method: "POST", url: "/api/v1/personas", token: member.token, payload: { kind: "anonymous_professional" } });
  expect(persona.statusCode, persona.body).toBe(201);
  return { ...member, anonymousPersonaId: persona.json().id, anonymousName: persona.json().displayName };
}

/** Starts a thread as a chosen persona; returns the raw response so refusals can be checked. */
export function postThread(t: TestApp, author: Member, communitySlug: string, personaId?: string, title = "A question from the ward") {
  return t.request({
    method: "POST",
    url: `/api/v1/communities/${communitySlug}/spaces/general/threads`,
    token: author.token,
    payload: { title, body: "Has anyone tried pacing before physio?", ...(personaId ? { personaId } : {}) },
  });
}

/** Replies as a chosen persona; returns the raw response. */
export function postReply(t: TestApp, author: Member, threadId: string, personaId?: string, body = "Thank you, that helps.") {
  return t.request({ method: "POST", url: `/api/v1/threads/${threadId}/posts`, token: author.token, payload: { body, ...(personaId ? { personaId } : {}) } });
}

/** Takes a moderation action; returns the raw response. */
export function moderate(t: TestApp, moderator: { token: string }, payload: Record<string, unknown>) {
  return t.request({ method: "POST", url: "/api/v1/moderation/actions", token: moderator.token, payload });
}
