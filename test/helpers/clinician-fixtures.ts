/**
 * Clinicians at every step of verification, made through the API as people make
 * them: applied and waiting, approved (with professional and anonymous personas),
 * and turned down.
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { TestApp } from "./test-app.ts";
import { signUp, type Member } from "./factories.ts";

export const APPLICATION = { profession: "Physiotherapist", register: "HCPC", registrationNumber: "PH123456", specialty: "Respiratory physiotherapy" } as const;

export type VerifiedClinician = Member & {
  professional: { id: string; displayName: string };
  anonymous: { id: string; displayName: string };
};

/** An administrator made with the create-admin use case, signed in. */
export async function signedInAdmin(t: TestApp): Promise<Member> {
  const username = `admin_${randomBytes(4).toString("hex")}`;
  const password = "a long admin password";
  await t.services.accounts.createAdmin(username, password);
  const session = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username, password } });
  expect(session.statusCode, session.body).toBe(200);
  const token = session.json().token as string;
  const me = (await t.request({ method: "GET", url: "/api/v1/me", token })).json();
  return { id: me.id, username, password, token, personaId: me.personas[0].id };
}

/** Applies for verification; returns the application's id. */
export async function applyAsClinician(t: TestApp, member: Member, application: object = APPLICATION): Promise<string> {
  const applied = await t.request({ method: "POST", url: "/api/v1/clinician-verifications", token: member.token, payload: application });
  expect(applied.statusCode, applied.body).toBe(201);
  return applied.json().id as string;
}

export async function decideApplication(t: TestApp, reviewer: { token: string }, id: string, decision: "approve" | "reject", reason?: string) {
  const decided = await t.request({
    method: "POST",
    url: `/api/v1/admin/clinician-verifications/${id}/decision`,
    token: reviewer.token,
    payload: { decision, ...(reason ? { reason } : {}) },
  });
  expect(decided.statusCode, decided.body).toBe(200);
}

export async function addPersona(t: TestApp, member: Member, kind: "professional" | "anonymous_professional", displayName?: string) {
  const created = await t.request({ method: "POST", url: "/api/v1/personas", token: member.token, payload: { kind, ...(displayName ? { displayName } : {}) } });
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as { id: string; displayName: string };
}

/** A member whose application `admin` approved, with a professional and an anonymous clinician persona. */
export async function verifiedClinician(t: TestApp, admin: { token: string }, options: { professionalName?: string } = {}): Promise<VerifiedClinician> {
  const member = await signUp(t);
  await decideApplication(t, admin, await applyAsClinician(t, member), "approve");
  const professional = await addPersona(t, member, "professional", options.professionalName ?? `Dr ${member.username}`);
  const anonymous = await addPersona(t, member, "anonymous_professional");
  return { ...member, professional, anonymous };
}

/** A member whose application is still waiting for review. */
export async function pendingClinician(t: TestApp): Promise<Member> {
  const member = await signUp(t);
  await applyAsClinician(t, member);
  return member;
}

/** A member whose application `admin` turned down. */
export async function rejectedClinician(t: TestApp, admin: { token: string }): Promise<Member> {
  const member = await signUp(t);
  await decideApplication(t, admin, await applyAsClinician(t, member), "reject", "The register shows a different name.");
  return member;
}
