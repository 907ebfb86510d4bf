/**
 * Administrators and clinicians at every step of verification, made through the API
 * as people make them: an administrator signed in, applied and waiting, approved
 * (with or without professional and anonymous personas), and turned down.
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { TestApp } from "./test-app.ts";
import { signUp, type Member } from "./factories.ts";

/** A respiratory physiotherapist: what an application says unless a test says otherwise. */
export const APPLICATION = { profession: "Physiotherapist", register: "HCPC", registrationNumber: "PH123456", specialty: "Respiratory physiotherapy" } as const;
/** A respiratory nurse; their professional persona is labelled "Verified clinician · Respiratory nurse" (the anonymous one shows only its chosen capacity, ADR 20). */
export const NURSE_APPLICATION = { profession: "Nurse", register: "NMC", registrationNumber: "12A3456E", specialty: "Respiratory nurse" } as const;

export type Persona = { id: string; displayName: string };

/** What verifiedClinician makes besides the approval. */
export type ClinicianOptions = {
  /** The professional persona's display name (default `Dr <username>`), or false for none. */
  professional?: string | false;
  /** false for no anonymous clinician persona. */
  anonymous?: boolean;
  /** What the application says (default APPLICATION). */
  application?: object;
  /** The anonymous persona's capacity (a vocabulary key), if it chooses one. */
  capacity?: string;
};

/** A verified clinician with the personas `O` asked for: both by default. */
export type VerifiedClinician<O extends ClinicianOptions = {}> = Member &
  (O extends { professional: false } ? unknown : { professional: Persona }) &
  (O extends { anonymous: false } ? unknown : { anonymous: Persona });

/** An administrator made with the create-admin use case, signed in. */
export async function signedInAdmin(t: TestApp): Promise<Member> {
  const username = `admin_${randomBytes(4).toString("hex")}`;
  const password = "a long admin password";
  await t.services.accounts.createAdmin(username, password);
  const session = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username, password } });
  expect(session.statusCode, session.body).toBe(200);
  const token = session.json().token as string;
  const me = (await t.request({ method: "GET", url: "/api/v1/me", token })).json();
  // create-admin names the personal persona with a made-up name (never the username).
  return { id: me.id, username, displayName: me.personas[0].displayName, password, token, personaId: me.personas[0].id };
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

export async function addPersona(
  t: TestApp,
  member: Member,
  kind: "personal" | "professional" | "anonymous_professional",
  displayName?: string,
  capacity?: string,
): Promise<Persona> {
  const payload = { kind, ...(displayName ? { displayName } : {}), ...(capacity ? { capacity } : {}) };
  const created = await t.request({ method: "POST", url: "/api/v1/personas", token: member.token, payload });
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as Persona;
}

/**
 * A new member whose application `admin` approved, with a professional and an
 * anonymous clinician persona unless `options` says otherwise.
 */
export async function verifiedClinician<const O extends ClinicianOptions = {}>(t: TestApp, admin: { token: string }, options?: O): Promise<VerifiedClinician<O>> {
  const member = await signUp(t);
  await decideApplication(t, admin, await applyAsClinician(t, member, options?.application), "approve");
  const clinician: Member & { professional?: Persona; anonymous?: Persona } = { ...member };
  if (options?.professional !== false) clinician.professional = await addPersona(t, member, "professional", options?.professional ?? `Dr ${member.username}`);
  if (options?.anonymous !== false) clinician.anonymous = await addPersona(t, member, "anonymous_professional", undefined, options?.capacity);
  return clinician as VerifiedClinician<O>;
}

/** A verified respiratory nurse with only an anonymous clinician persona, whose id and name stand beside the member's own. */
export type Clinician = Member & { anonymousPersonaId: string; anonymousName: string };

/** A member verified as a respiratory nurse by `admin`, with an anonymous-professional persona (capacity "Nursing") and no professional one. */
export async function makeClinician(t: TestApp, admin: { token: string }): Promise<Clinician> {
  const { anonymous, ...member } = await verifiedClinician(t, admin, { application: NURSE_APPLICATION, professional: false, capacity: "nursing" });
  return { ...member, anonymousPersonaId: anonymous.id, anonymousName: anonymous.displayName };
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
