/**
 * The anonymity suite (issue 3): a verified clinician posts, reacts, edits, is
 * mentioned, notified, flagged and moderated as their anonymous persona. Then, as a
 * guest, another member, a moderator, the community's owner and administrators without
 * an approved break-glass, every GET route of the app is fetched, and no answer may
 * show the account (id, username, email, registration number) or a second persona of
 * it beside the one the address is about. Positive controls prove the strings hunted
 * for are the right ones, and that break-glass, once approved, does reveal the account.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";
import { startTestProvider, type TestProvider } from "../helpers/oidc-provider.ts";
import { badgeProblems, cursorTimes, findIdentities, GROUPS, personaShapeProblems, PUBLIC_PERSONA_KEYS, type IdentityGroup, type Needles } from "./identities.ts";
import { registeredGetRoutes } from "./routes.ts";
import { buildScenario, CLINICIAN, needlesOf, WORDS, type Scenario } from "./scenario.ts";
import { surfacesOf, VIEWERS, type Surface, type ViewerName } from "./surfaces.ts";
import { huntedStrings, sharedStrings, spellingsOfDate } from "./shared-strings.ts";
import { signUp } from "../helpers/factories.ts";
import { newBrowser } from "../helpers/browser-form.ts";

const PUBLIC_URL = "http://hearth.test";
let provider: TestProvider;
let t: TestApp;
let s: Scenario;
let needles: Needles;
let registered: string[];
let surfaces: Surface[];

const tokenOf = (viewer: ViewerName): string | undefined =>
  ({
    guest: undefined,
    member: s.member.token,
    moderator: s.moderator.token,
    owner: s.owner.token,
    colleague: s.colleague.token,
    secondAdmin: s.secondAdmin.token,
    requestingAdmin: s.admin.token,
  })[viewer];

/** A GET as the viewer: a bearer token for the API, the session cookie for pages, as a browser sends it. */
function fetchAs(token: string | undefined, url: string): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (token && url.startsWith("/api/")) headers.authorization = `Bearer ${token}`;
  else if (token) headers.cookie = `hearth_session=${token}`;
  return t.app.inject({ method: "GET", url, headers });
}

/** Everything a response lets out: the body, and headers such as a redirect's Location. */
const everythingIn = (response: LightMyRequestResponse) => `${response.body}\n${JSON.stringify(response.headers)}`;

const isJson = (response: LightMyRequestResponse) => String(response.headers["content-type"] ?? "").includes("application/json");
const isHtml = (response: LightMyRequestResponse) => String(response.headers["content-type"] ?? "").includes("text/html");

const anonymousOf = () => ({ id: s.clinician.anonymousId, displayName: s.clinician.anonymousName });

/** What is wrong with one answer to one viewer; nothing when it keeps the clinician's secrets. */
function problemsOf(viewer: ViewerName, surface: Surface, response: LightMyRequestResponse): string[] {
  const where = `${viewer} GET ${surface.url} (${response.statusCode})`;
  const problems: string[] = [];
  const allowed: IdentityGroup = surface.shows ?? "anonymous";
  const found = findIdentities(everythingIn(response), needles);
  for (const group of GROUPS) {
    if (group !== allowed && found[group]) problems.push(`${where}: shows the ${group} identity (${found[group]!.join(", ")}) where only the ${allowed} one may show`);
  }
  if (response.statusCode >= 500) problems.push(`${where}: server error ${response.body.slice(0, 200)}`);
  const expected = surface.status?.[viewer];
  if (expected !== undefined && ![expected].flat().includes(response.statusCode)) problems.push(`${where}: expected status ${String(expected)}`);
  if (surface.mustShowTo?.includes(viewer) && (response.statusCode !== 200 || !found[allowed])) {
    problems.push(`${where}: should show the ${allowed} identity to ${viewer} but does not`);
  }
  if (isJson(response) && !surface.own && response.body) {
    problems.push(...personaShapeProblems(response.json(), anonymousOf()).map((p) => `${where}: ${p}`));
  }
  if (isHtml(response)) problems.push(...badgeProblems(response.body, anonymousOf()).map((p) => `${where}: ${p}`));
  if (surface.dayCursor) {
    for (const at of cursorTimes(response.body)) if (!/T00:00:00(\.0+)?Z$/.test(at)) problems.push(`${where}: its cursor holds the time ${at}, where the list shows only the day`);
  }
  return problems;
}

describe("anonymity of a verified clinician writing as their anonymous persona", () => {
  beforeAll(async () => {
    provider = await startTestProvider({ redirectUri: `${PUBLIC_URL}/auth/oidc/callback` });
    t = await createTestApp({
      work: true,
      env: {
        HEARTH_PUBLIC_URL: PUBLIC_URL,
        HEARTH_OIDC_ISSUER: provider.issuer,
        HEARTH_OIDC_CLIENT_ID: provider.clientId,
        HEARTH_OIDC_CLIENT_SECRET: provider.clientSecret,
        HEARTH_OIDC_NAME: "Test ID",
        HEARTH_CLINICIAN_NETWORK: "1",
      },
    });
    s = await buildScenario(t, provider);
    needles = needlesOf(s);
    registered = registeredGetRoutes(t.app);
    surfaces = surfacesOf(s, registered);
  }, 240_000);

  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it("hunts for the right strings: the clinician's own /api/v1/me and /api/v1/personas show every one of them", async () => {
    const me = await t.request({ method: "GET", url: "/api/v1/me", token: s.clinician.token });
    const mine = await t.request({ method: "GET", url: "/api/v1/personas", token: s.clinician.token });
    expect(me.statusCode).toBe(200);
    expect(mine.statusCode).toBe(200);
    const meFound = findIdentities(me.body, needles);
    expect(meFound.account).toEqual(expect.arrayContaining([s.clinician.id, CLINICIAN.username]));
    const all = findIdentities(`${me.body}${mine.body}`, needles);
    for (const group of ["personal", "professional", "anonymous"] as const) {
      expect(all[group], `the clinician's own views show the ${group} persona`).toEqual(expect.arrayContaining(needles[group].slice(0, 2)));
    }
    const personas = mine.json().items as { id: string; kind: string; displayName: string }[];
    expect(personas.map((p) => [p.kind, p.displayName]).sort()).toEqual(
      [["anonymous_professional", s.clinician.anonymousName], ["personal", CLINICIAN.personalName], ["professional", CLINICIAN.professionalName]].sort(),
    );
    // The checker itself finds a leak when there is one: the owner's view, judged as a stranger's, is full of them.
    expect(problemsOf("member", { route: "/api/v1/personas", url: "/api/v1/personas" }, mine).length).toBeGreaterThan(0);
  });

  it("never names the personal persona after the username, even before it is renamed", () => {
    // Sign-up without a display name makes up a friendly one ("Quiet Heron"): the username stays a secret.
    expect(s.personalNameBeforeRename.toLowerCase()).not.toContain(CLINICIAN.username.toLowerCase());
    expect(s.personalNameBeforeRename).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(s.clinician.anonymousName).toMatch(/^Clinician [2-9A-HJ-NP-Z]{5}$/);
  });

  it("covers every GET route the app registers (a new route fails here until it is swept)", () => {
    // The parser must have found the routes everybody knows, or the comparison below means nothing.
    expect(registered).toEqual(expect.arrayContaining(["/api/v1/threads/:id", "/api/v1/personas/:id", "/t/:id", "/personas/:id", "/c/:slug/members"]));
    const swept = new Set(surfaces.map((surface) => surface.route));
    expect(registered.filter((route) => !swept.has(route)), "GET routes the anonymity suite does not fetch").toEqual([]);
    // And every address in the table belongs to a registered route (no sweeping of typos).
    expect([...swept].filter((route) => !registered.includes(route))).toEqual([]);
  });

  describe.each(VIEWERS)("as %s", (viewer) => {
    it("no answer links the anonymous persona to the account or to another persona", async () => {
      const problems: string[] = [];
      for (const surface of surfaces) problems.push(...problemsOf(viewer, surface, await fetchAs(tokenOf(viewer), surface.url)));
      expect(problems).toEqual([]);
    });
  });

  it("answers others got to their own writes about the clinician (reactions, flags, moderation, break-glass) name only the anonymous persona", () => {
    const problems = s.writeAnswers.flatMap(({ label, response }) =>
      problemsOf("member", { route: "write", url: label }, response).map((p) => `${label}: ${p}`),
    );
    expect(problems).toEqual([]);
    const reacted = s.writeAnswers.find((w) => w.label.includes("thanks"))!.response.json();
    expect(Object.keys(reacted).sort()).toEqual(["myReactions", "postId", "reactions"]);
  });

  it("shows a reaction as a count only, never who gave it", async () => {
    const post = (await t.request({ method: "GET", url: `/api/v1/posts/${s.posts.memberOpening}`, token: s.member.token })).json();
    expect(post.reactions.thanks).toBe(1);
    expect(post.myReactions).toEqual([]);
    // The anonymous persona thanked this post: nothing in the post says so, for anyone.
    for (const viewer of VIEWERS) {
      const seen = await fetchAs(tokenOf(viewer), `/api/v1/posts/${s.posts.memberOpening}`);
      expect(seen.json().reactions.thanks).toBe(1);
      expect(findIdentities(seen.body, needles), viewer).toEqual({});
    }
  });

  it("gives persona views no dates: nothing to match two personas by the second", async () => {
    for (const id of [s.clinician.anonymousId, s.clinician.professionalId, s.clinician.personalId]) {
      const view = (await fetchAs(undefined, `/api/v1/personas/${id}`)).json();
      expect(Object.keys(view).every((k) => PUBLIC_PERSONA_KEYS.has(k)), JSON.stringify(view)).toBe(true);
      expect(JSON.stringify(view)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    const anonymous = (await fetchAs(undefined, `/api/v1/personas/${s.clinician.anonymousId}`)).json();
    expect(anonymous).toMatchObject({ displayName: s.clinician.anonymousName, capacity: "verified_clinician_anonymous" });
    // Its own capacity, from the vocabulary; never the verification's specialty (ADR 20).
    expect(anonymous.capacityLabel).toBe(`Verified clinician, anonymous · ${CLINICIAN.anonymousCapacity.label}`);
  });

  describe("no string shown with the anonymous persona appears with another persona of the account, or in a reviewer's view of it (issue 6)", () => {
    let hunted: string[];
    beforeAll(async () => {
      hunted = huntedStrings((await fetchAs(undefined, `/api/v1/personas/${s.clinician.anonymousId}`)).json());
    });

    it("hunts for the right strings: read from its public view, each shown on its public page, all of them on its owner's page", async () => {
      const { anonymousId, anonymousName } = s.clinician;
      expect(hunted).toEqual(expect.arrayContaining([anonymousId, anonymousName, CLINICIAN.anonymousCapacity.label, CLINICIAN.anonymousAvailability]));
      const page = await fetchAs(undefined, `/personas/${anonymousId}`);
      expect(page.statusCode).toBe(200);
      expect(sharedStrings(page.body, hunted).sort()).toEqual([...hunted].sort());
      const own = await fetchAs(s.clinician.token, "/settings/personas");
      expect(sharedStrings(own.body, hunted)).toEqual(expect.arrayContaining([anonymousName, CLINICIAN.anonymousCapacity.label, anonymousId]));
    });

    it("finds none of them in any view of the account's other personas or of the account, for every viewer and a delegated verifier", async () => {
      const verifier = await signUp(t);
      const made = await t.request({ method: "PUT", url: `/api/v1/admin/verifiers/${verifier.username}`, token: s.admin.token, payload: { verifier: true } });
      expect(made.statusCode, made.body).toBe(204);
      const viewers: [string, string | undefined][] = [...VIEWERS.map((v) => [v, tokenOf(v)] as [string, string | undefined]), ["verifier", verifier.token]];
      // Every address of the route table that is about another identity of the clinician (break-glass shows only the anonymous one).
      const others = surfaces.filter((surface) => surface.shows && surface.shows !== "anonymous");
      const problems: string[] = [];
      let shown = 0;
      for (const surface of others) {
        for (const [name, token] of viewers) {
          const response = await fetchAs(token, surface.url);
          if (response.statusCode === 200) shown++;
          const shared = sharedStrings(everythingIn(response), hunted);
          if (shared.length) problems.push(`${name} GET ${surface.url}: shows ${shared.join(", ")}`);
        }
      }
      expect(problems).toEqual([]);
      expect(shown).toBeGreaterThan(40);
      // The reviewers' queue was looked at, and it is the account's: the username and the verified specialty are there.
      for (const url of ["/api/v1/admin/clinician-verifications?status=approved", "/admin/verifications?status=approved"]) {
        const queue = await fetchAs(verifier.token, url);
        expect(queue.statusCode, url).toBe(200);
        expect(queue.body, url).toContain(CLINICIAN.username);
        expect(queue.body, url).toContain(CLINICIAN.application.specialty);
      }
    });

    it("gives the anonymous persona no date of the named persona or of the verification, and a date of its own", async () => {
      const mine = (await t.request({ method: "GET", url: "/api/v1/personas", token: s.clinician.token })).json().items as { kind: string; verifiedUntil: string }[];
      const named = mine.find((p) => p.kind === "professional")!.verifiedUntil;
      const own = mine.find((p) => p.kind === "anonymous_professional")!.verifiedUntil;
      const applications = (await t.request({ method: "GET", url: "/api/v1/clinician-verifications", token: s.clinician.token })).json().items;
      const verification = applications.find((a: { status: string }) => a.status === "approved").expiresAt as string;
      expect(named).toBe(verification);
      expect(own).not.toBe(named);
      const dates = [named, verification].flatMap(spellingsOfDate);
      for (const url of [`/api/v1/personas/${s.clinician.anonymousId}`, `/personas/${s.clinician.anonymousId}`, `/t/${s.threads.anonymous}`, `/api/v1/threads/${s.threads.anonymous}`]) {
        for (const viewer of VIEWERS) {
          const response = await fetchAs(tokenOf(viewer), url);
          expect(response.statusCode, `${viewer} ${url}`).toBe(200);
          expect(dates.filter((d) => everythingIn(response).includes(d)), `${viewer} ${url}`).toEqual([]);
        }
      }
    });
  });

  it("gives the clinician's own audit log moderation entries and cursors by the day only, as the public log (dayCursor)", async () => {
    const all = await t.request({ method: "GET", url: "/api/v1/me/audit-log", token: s.clinician.token });
    const moderation = (all.json().items as { action: string; createdAt: string }[]).filter((e) => e.action.startsWith("moderation."));
    expect(moderation.length, "the scenario's warning, suspension and hide reach the clinician's audit log").toBeGreaterThanOrEqual(2);
    for (const entry of moderation) expect(entry.createdAt).toMatch(/T00:00:00\.000Z$/);
    for (const limit of [1, 2]) {
      const page = await t.request({ method: "GET", url: `/api/v1/me/audit-log?limit=${limit}`, token: s.clinician.token });
      const surface: Surface = { route: "/api/v1/me/audit-log", url: `/api/v1/me/audit-log?limit=${limit}`, own: true, dayCursor: true, shows: "anonymous" };
      expect(page.json().nextCursor, "a cursor to check").not.toBeNull();
      expect(cursorTimes(page.body).length).toBeGreaterThan(0);
      expect(problemsOf("member", surface, page).filter((p) => p.includes("cursor"))).toEqual([]);
    }
  });

  it("keeps edit history to the author and moderators, and the history holds no identity", async () => {
    const url = `/api/v1/posts/${s.posts.anonymousOpening}/revisions`;
    for (const token of [undefined, s.member.token, s.secondAdmin.token]) expect((await fetchAs(token, url)).statusCode).toBe(404);
    const seen = await fetchAs(s.moderator.token, url);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain(WORDS.beforeEdit);
    expect(findIdentities(seen.body, needles)).toEqual({});
    // Search forgets the words an edit removed, and never finds what a moderator hid.
    for (const word of [WORDS.beforeEdit, WORDS.hiddenReply]) {
      expect((await fetchAs(s.moderator.token, `/api/v1/search?q=${word}`)).json().items).toEqual([]);
    }
  });

  it("tells the clinician that their anonymous persona was mentioned, and the member that it replied to them, by persona only", async () => {
    const theirs = (await t.request({ method: "GET", url: "/api/v1/notifications", token: s.clinician.token })).json().items as {
      kind: string;
      persona: { id: string } | null;
      actor?: { id: string };
    }[];
    // Outcomes (an approval, a warning) carry no actor (ADR 31).
    expect(theirs.map((n) => [n.kind, n.persona?.id, n.actor?.id])).toEqual(
      expect.arrayContaining([["mention", s.clinician.anonymousId, s.member.personaId]]),
    );
    const members = (await t.request({ method: "GET", url: "/api/v1/notifications", token: s.member.token })).json().items as { kind: string; actor: { id: string } }[];
    expect(members.some((n) => n.kind === "reply" && n.actor.id === s.clinician.anonymousId)).toBe(true);
  });

  it("tells the clinician of the hidden anonymous reply and the warning by that persona only, naming no moderator; tells the moderator nothing of them", async () => {
    await t.services.queue.settle();
    const response = await t.request({ method: "GET", url: "/api/v1/notifications", token: s.clinician.token });
    const theirs = response.json().items as { kind: string; persona: { id: string } | null; reason?: string | null; link?: string }[];
    const hidden = theirs.find((n) => n.kind === "post_hidden");
    expect(hidden).toMatchObject({ persona: { id: s.clinician.anonymousId }, reason: "Medical claims need care." });
    expect(hidden!.link).toContain(`#post-${s.posts.anonymousHiddenReply}`);
    expect(theirs.find((n) => n.kind === "moderation_warning")).toMatchObject({ persona: { id: s.clinician.anonymousId }, reason: "Please do not promise cures." });
    // Their own notifications name no moderator, no administrator, and no other persona of theirs beside the anonymous one.
    for (const secret of [s.moderator.personaId, s.moderator.username, s.moderator.displayName, s.admin.username, s.admin.displayName, s.clinician.personaId, s.clinician.professionalId]) {
      expect(response.body).not.toContain(secret);
    }
    const moderators = (await t.request({ method: "GET", url: "/api/v1/notifications", token: s.moderator.token })).json().items as { kind: string }[];
    expect(moderators.filter((n) => n.kind === "post_hidden" || n.kind === "moderation_warning")).toEqual([]);
  });

  it("tells the clinician of the question routed to the anonymous persona, and of its accepted answer, by that persona only (ADR 51)", async () => {
    await t.services.queue.settle();
    const response = await t.request({ method: "GET", url: "/api/v1/notifications?limit=100", token: s.clinician.token });
    const theirs = response.json().items as { kind: string; persona: { id: string } | null; actor: { id: string } | null; thread?: { id: string }; postId?: string | null }[];
    expect(theirs.find((n) => n.kind === "question_routed")).toMatchObject({ persona: { id: s.clinician.anonymousId }, actor: null, thread: { id: s.question } });
    expect(theirs.find((n) => n.kind === "answer_accepted")).toMatchObject({ persona: { id: s.clinician.anonymousId }, actor: { id: s.member.personaId }, postId: s.answer });
    for (const secret of [s.clinician.id, s.clinician.username, s.clinician.personaId, s.clinician.professionalId]) expect(response.body).not.toContain(secret);
  });

  it("answers a persona id it does not address by (an anonymous or professional one) exactly as one that does not exist", async () => {
    const unknown = "AAAAAAAAAAAAAAAA";
    const answer = async (token: string, method: "POST" | "PUT", url: (id: string) => string, payload: (id: string) => object, id: string) => {
      const response = await t.request({ method, url: url(id), token, payload: payload(id) });
      return { status: response.statusCode, body: response.body.replaceAll(id, "<id>") };
    };
    const probes = [
      { who: s.owner.token, method: "PUT" as const, url: (id: string) => `/api/v1/communities/${s.community.slug}/members/${id}/role`, payload: () => ({ role: "moderator" }) },
      { who: s.owner.token, method: "POST" as const, url: (id: string) => `/api/v1/communities/${s.approvalCommunity.slug}/members/${id}/decision`, payload: () => ({ decision: "approve" }) },
      {
        who: s.moderator.token,
        method: "POST" as const,
        url: () => "/api/v1/moderation/actions",
        payload: (id: string) => ({ targetType: "persona", targetId: id, community: s.community.slug, action: "warn", reason: "Probing." }),
      },
      {
        who: s.member.token,
        method: "POST" as const,
        url: () => "/api/v1/flags",
        payload: (id: string) => ({ targetType: "persona", targetId: id, community: s.community.slug, reason: "other" }),
      },
    ];
    for (const probe of probes) {
      const nobody = await answer(probe.who, probe.method, probe.url, probe.payload, unknown);
      expect(nobody.status, probe.url(unknown)).toBe(404);
      // The anonymous persona wrote in the community, so moderators may warn it and members flag it; the member list and requests never answer to it.
      const persona = probe.url(unknown).includes("/members/") ? [s.clinician.anonymousId, s.clinician.professionalId] : [s.clinician.professionalId];
      for (const id of persona) expect(await answer(probe.who, probe.method, probe.url, probe.payload, id), `${probe.method} ${probe.url(id)}`).toEqual(nobody);
    }
    // The clinicians' network sees its members by their professional persona: answering to the personal one would tell
    // any clinician there (flags) or its owner (moderation, roles) that this patient or carer is also a clinician.
    const net = s.network.slug;
    const networkProbes = [
      { who: s.colleague.token, method: "POST" as const, url: () => "/api/v1/flags", payload: (id: string) => ({ targetType: "persona", targetId: id, community: net, reason: "other" }) },
      {
        who: s.admin.token,
        method: "POST" as const,
        url: () => "/api/v1/moderation/actions",
        payload: (id: string) => ({ targetType: "persona", targetId: id, community: net, action: "warn", reason: "Probing." }),
      },
      { who: s.admin.token, method: "PUT" as const, url: (id: string) => `/api/v1/communities/${net}/members/${id}/role`, payload: () => ({ role: "moderator" }) },
    ];
    for (const probe of networkProbes) {
      const nobody = await answer(probe.who, probe.method, probe.url, probe.payload, unknown);
      expect(nobody.status, probe.url(unknown)).toBe(404);
      // (The anonymous persona wrote there and the professional one is the face: those two are known in the network.)
      const id = s.clinician.personalId;
      expect(await answer(probe.who, probe.method, probe.url, probe.payload, id), `${probe.method} ${probe.url(id)} in the network`).toEqual(nobody);
    }
    const networkLog = (await t.request({ method: "GET", url: `/api/v1/communities/${net}/moderation/log` })).json();
    expect(networkLog.items).toEqual([]);

    // Nothing happened: the request still waits, under the personal persona, and the clinician is no moderator.
    const pending = (await t.request({ method: "GET", url: `/api/v1/communities/${s.approvalCommunity.slug}/members?status=pending`, token: s.owner.token })).json();
    expect(pending.items.map((m: { persona: { id: string } }) => m.persona.id)).toEqual([s.clinician.personalId]);
    const me = (await t.request({ method: "GET", url: "/api/v1/me", token: s.clinician.token })).json();
    const memberships = me.memberships as { community: { slug: string }; role: string; status: string }[];
    expect(memberships.find((m) => m.community.slug === s.community.slug)).toMatchObject({ role: "member", status: "member" });
    expect(memberships.find((m) => m.community.slug === s.approvalCommunity.slug)).toMatchObject({ status: "pending" });
  });

  it("pages the member list by the day people joined, so every member comes once and no cursor holds a time of day", async () => {
    const all = (await t.request({ method: "GET", url: `/api/v1/communities/${s.community.slug}/members`, token: s.owner.token })).json().items as { persona: { id: string } }[];
    expect(all).toHaveLength(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/communities/${s.community.slug}/members?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await t.request({ method: "GET", url, token: s.owner.token });
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...page.json().items.map((m: { persona: { id: string } }) => m.persona.id));
      cursor = page.json().nextCursor;
      for (const at of cursorTimes(page.body)) expect(at).toMatch(/T00:00:00Z$/);
    } while (cursor && seen.length <= all.length);
    expect(seen.sort()).toEqual(all.map((m) => m.persona.id).sort());
  });

  it("pages the moderation log (newest first) and the flag queue (oldest first) in order, with cursors that hold only the day", async () => {
    const walk = async (list: "log" | "queue") => {
      const url = `/api/v1/communities/${s.community.slug}/moderation/${list}`;
      const whole = (await t.request({ method: "GET", url, token: s.moderator.token })).json().items as { id: string }[];
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await t.request({ method: "GET", url: `${url}?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, token: s.moderator.token });
        expect(page.statusCode, page.body).toBe(200);
        seen.push(...page.json().items.map((e: { id: string }) => e.id));
        for (const at of cursorTimes(page.body)) expect(at).toMatch(/T00:00:00Z$/);
        cursor = page.json().nextCursor;
      } while (cursor && seen.length <= whole.length);
      expect(seen).toEqual(whole.map((e) => e.id));
      return whole;
    };
    const log = (await walk("log")) as unknown as { action: string }[];
    expect(log.map((e) => e.action)).toEqual(["suspend", "warn", "hide"]);
    expect(await walk("queue")).toHaveLength(2);
  });

  it("shows the personal persona without a trace of the clinician: no clinician badge, no specialty, no boundaries", async () => {
    const view = (await fetchAs(undefined, `/api/v1/personas/${s.clinician.personalId}`)).json();
    expect(view).toEqual({ id: s.clinician.personalId, kind: "personal", displayName: CLINICIAN.personalName, capacity: "personal", capacityLabel: "Personal" });
    const page = await fetchAs(s.member.token, `/personas/${s.clinician.personalId}`);
    expect(page.body).toContain('class="badge badge-personal"');
    expect(page.body).not.toContain("Respiratory");
    const members = (await t.request({ method: "GET", url: `/api/v1/communities/${s.community.slug}/members`, token: s.moderator.token })).json();
    const entry = members.items.find((m: { persona: { id: string } }) => m.persona.id === s.clinician.personalId);
    expect(entry.persona).toEqual(view);
    expect(entry.since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Each clinician persona states its own boundaries.
    const anonymous = (await fetchAs(undefined, `/api/v1/personas/${s.clinician.anonymousId}`)).json();
    expect(anonymous.boundaries).toEqual({ acceptsPatientMessages: false, availability: CLINICIAN.anonymousAvailability });
    expect(anonymous.profile).toBeUndefined();
  });

  it("puts no name, username or email in mail or in background job payloads", async () => {
    const mailDir = path.join(t.config.dataDir, "mail");
    const mails = await fs.readdir(mailDir).catch(() => [] as string[]);
    // The clinician's request to join the approval community was mailed to its owner.
    expect(mails.length).toBeGreaterThan(0);
    for (const file of mails) {
      // A mail to a member about themselves (ADR 31) carries their own address as its recipient, and nothing else of them.
      const text = (await fs.readFile(path.join(mailDir, file), "utf8")).replace(/^To: .*$/m, "");
      expect(findIdentities(text, needles), file).toEqual({});
    }
    const jobs = await sql<{ name: string; data: string }>`select name, data::text as data from pgboss.job`.execute(t.database.db);
    expect(jobs.rows.length).toBeGreaterThan(0);
    const words = { ...needles, account: needles.account.filter((n) => n !== s.clinician.id) };
    const named = jobs.rows.filter((job) => {
      const found = findIdentities(job.data, words);
      return (["account", "personal", "professional", "anonymous"] as const).some((g) => found[g]?.some((n) => !n.match(/^[A-Za-z0-9_-]{16}$/)));
    });
    expect(named.map((j) => `${j.name}: ${j.data}`)).toEqual([]);
  });

  it("shows the moderators a report on the anonymous persona's post with that persona only, never the account or who reported it", async () => {
    const reporter = await newBrowser(t, s.member);
    await reporter.get(`/report?targetType=post&targetId=${s.posts.anonymousReply}`);
    const sent = await reporter.post("/report", { targetType: "post", targetId: s.posts.anonymousReply, reason: "medical_misinformation", details: "Is tea safe here?", community: "", back: "" });
    expect(sent.statusCode, sent.body).toBe(303);
    const surface: Surface = { route: "/c/:slug/moderation/reports", url: `/c/${s.community.slug}/moderation/reports`, mustShowTo: ["moderator", "owner"] };
    for (const viewer of ["moderator", "owner"] as const) {
      const page = await fetchAs(tokenOf(viewer), surface.url);
      // Positive control: the report is there, with the reported words and the anonymous persona that wrote them.
      expect(page.body).toContain("Is tea safe here?");
      expect(page.body).toContain(WORDS.keptReply);
      expect(findIdentities(page.body, needles).anonymous).toBeDefined();
      expect(problemsOf(viewer, surface, page)).toEqual([]);
      expect(page.body).not.toContain(s.member.username);
    }
    // The checker would catch the account here: the same page with the username in it is a problem.
    const leaky = await fetchAs(s.moderator.token, surface.url);
    const planted = { ...leaky, body: `${leaky.body}${CLINICIAN.username}` } as LightMyRequestResponse;
    expect(problemsOf("moderator", surface, planted).length).toBeGreaterThan(0);
  });

  it("reveals the account only to the administrator who asked, after a second administrator approved, and tells the clinician", async () => {
    const url = `/api/v1/admin/break-glass/${s.breakGlassId}`;
    const before = await t.request({ method: "GET", url, token: s.admin.token });
    expect(before.statusCode).toBe(200);
    expect(findIdentities(before.body, needles).account).toBeUndefined();

    const selfApproval = await t.request({ method: "POST", url: `${url}/decision`, token: s.admin.token, payload: { decision: "approve" } });
    expect(selfApproval.statusCode).toBe(403);
    const approved = await t.request({ method: "POST", url: `${url}/decision`, token: s.secondAdmin.token, payload: { decision: "approve", reason: "The report is credible." } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(findIdentities(approved.body, needles).account).toBeUndefined();

    const revealed = await t.request({ method: "GET", url, token: s.admin.token });
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json().account).toEqual({ id: s.clinician.id, username: CLINICIAN.username });

    // The approver and everyone else still learn nothing, through the API or the pages.
    for (const [token, address] of [
      [s.secondAdmin.token, url],
      [s.secondAdmin.token, "/api/v1/admin/break-glass?status=approved"],
      [s.secondAdmin.token, `/admin/break-glass/${s.breakGlassId}`],
      [s.secondAdmin.token, "/admin/break-glass"],
      [s.moderator.token, `/api/v1/personas/${s.clinician.anonymousId}`],
      [undefined, `/t/${s.threads.anonymous}`],
    ] as const) {
      const response = await fetchAs(token, address);
      expect(findIdentities(everythingIn(response), needles).account, address).toBeUndefined();
    }

    await t.services.queue.settle();
    const audit = (await t.request({ method: "GET", url: "/api/v1/me/audit-log", token: s.clinician.token })).json().items as { action: string; persona: { id: string } | null }[];
    const actions = audit.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["break_glass.requested", "break_glass.approved", "break_glass.revealed", "moderation.hide", "moderation.warn", "moderation.suspend"]));
    expect(audit.filter((e) => e.action.startsWith("break_glass.")).every((e) => e.persona?.id === s.clinician.anonymousId)).toBe(true);
    const page = await fetchAs(s.clinician.token, "/me/audit-log");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("An administrator saw which account is behind one of your personas.");
  });
});
