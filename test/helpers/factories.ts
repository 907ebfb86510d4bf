/**
 * Test data made the way people make it: through the API. Names are unique per
 * call, so tests in one file can share a database without stepping on each other.
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { TestApp } from "./test-app.ts";

const unique = (prefix: string) => `${prefix}${randomBytes(4).toString("hex")}`;

/** `displayName` is the personal persona's name: what others see, never the username. */
export type Member = { id: string; username: string; displayName: string; password: string; token: string; personaId: string };

/**
 * Signs up through the API and signs in. The personal persona gets a unique name of
 * its own (`displayName`, never the username); `displayName: null` leaves it out, so
 * the server makes one up, as it does for an API caller who sends none. `emailVerified`
 * marks the email verified.
 */
export async function signUp(
  t: TestApp,
  options: { username?: string; carer?: boolean; email?: string; displayName?: string | null; emailVerified?: boolean } = {},
): Promise<Member> {
  const username = options.username ?? unique("u_");
  const displayName = options.displayName === undefined ? unique("Member ") : options.displayName;
  const password = "correct horse battery staple";
  const created = await t.request({
    method: "POST",
    url: "/api/v1/accounts",
    payload: {
      username,
      password,
      ...(displayName === null ? {} : { displayName }),
      ...(options.carer ? { carer: true } : {}),
      ...(options.email ? { email: options.email } : {}),
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  // As if its owner had followed the link the Account page mails (tested in src/accounts/recovery.test.ts):
  // only a verified address is mailed about a community or an outcome.
  if (options.emailVerified) {
    await t.database.db.updateTable("accounts").set({ email_verified_at: new Date() }).where("id", "=", created.json().id).execute();
  }
  const session = await t.request({ method: "POST", url: "/api/v1/sessions", payload: { username, password } });
  expect(session.statusCode, session.body).toBe(200);
  const token = session.json().token as string;
  const me = await t.request({ method: "GET", url: "/api/v1/me", token });
  const personal = me.json().personas[0] as { id: string; displayName: string };
  return { id: created.json().id, username, displayName: personal.displayName, password, token, personaId: personal.id };
}

export const charter = () => ({
  conditions: [{ name: "Chronic obstructive pulmonary disease", code: "J44.9", system: "icd-10" }],
  rules: ["Be kind."],
  funding: "Volunteers, no funding.",
  businessModel: "None.",
  dataUse: "Kept on this server, never sold.",
  conflictsOfInterest: "None.",
});

export async function createCommunity(
  t: TestApp,
  owner: Member,
  overrides: Partial<{ slug: string; name: string; visibility: string; joinPolicy: string; firstSpace: string }> = {},
) {
  const slug = overrides.slug ?? unique("c-");
  // The tests' communities choose a public General space, as a creator may (the default is members only).
  const firstSpace = overrides.firstSpace ?? "public";
  const response = await t.request({
    method: "POST",
    url: "/api/v1/communities",
    token: owner.token,
    payload: { slug, name: overrides.name ?? `Community ${slug}`, purpose: "Talking together.", visibility: overrides.visibility ?? "public", charter: charter(), firstSpace, ...(overrides.joinPolicy ? { joinPolicy: overrides.joinPolicy } : {}) },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; slug: string; name: string };
}

export async function createSpace(t: TestApp, owner: Member, communitySlug: string, visibility: string, slug = unique("s-")) {
  const response = await t.request({
    method: "POST",
    url: `/api/v1/communities/${communitySlug}/spaces`,
    token: owner.token,
    payload: { slug, name: `Space ${slug}`, visibility },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { slug: string };
}

export async function join(t: TestApp, member: Member, communitySlug: string) {
  const response = await t.request({ method: "POST", url: `/api/v1/communities/${communitySlug}/members`, token: member.token });
  expect([200, 201], response.body).toContain(response.statusCode);
  return response.json() as { status: string };
}

export async function startThread(t: TestApp, author: Member, communitySlug: string, spaceSlug = "general", content: { title?: string; body?: string } = {}) {
  const response = await t.request({
    method: "POST",
    url: `/api/v1/communities/${communitySlug}/spaces/${spaceSlug}/threads`,
    token: author.token,
    payload: { title: content.title ?? "A question about mornings", body: content.body ?? "How do you get going on cold mornings?" },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; postId: string };
}

export async function reply(t: TestApp, author: Member, threadId: string, body = "Slowly, with a warm drink first.") {
  const response = await t.request({ method: "POST", url: `/api/v1/threads/${threadId}/posts`, token: author.token, payload: { body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

/** Makes a member an owner, moderator or member (the caller must be an owner). */
export async function setRole(t: TestApp, owner: Member, communitySlug: string, member: Member, role: "owner" | "moderator" | "member") {
  const response = await t.request({
    method: "PUT",
    url: `/api/v1/communities/${communitySlug}/members/${member.personaId}/role`,
    token: owner.token,
    payload: { role },
  });
  expect(response.statusCode, response.body).toBe(204);
}

/** Approves or turns down a request to join (the caller must run the community). */
export async function decide(t: TestApp, manager: Member, communitySlug: string, applicant: Member, decision: "approve" | "reject") {
  const response = await t.request({
    method: "POST",
    url: `/api/v1/communities/${communitySlug}/members/${applicant.personaId}/decision`,
    token: manager.token,
    payload: { decision },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { status: string };
}
