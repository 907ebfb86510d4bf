/**
 * Who may read and write in clinicians' spaces, checked through the API for every
 * kind of person: in a public community with public, members, carers and clinicians
 * spaces, and in the server's clinicians' network. Reading is the threads list, one
 * thread and search; writing is starting a thread and replying.
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SpaceVisibility } from "../db/schema.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, createSpace, join, signUp, startThread, type Member } from "../../test/helpers/factories.ts";
import { pendingClinician, rejectedClinician, signedInAdmin, verifiedClinician, type VerifiedClinician } from "../../test/helpers/clinician-fixtures.ts";

type ViewerKind =
  | "guest"
  | "signed-in non-member"
  | "member"
  | "carer member"
  | "unverified clinician member (application pending)"
  | "verified clinician member"
  | "verified clinician who is not a member"
  | "clinician member whose application was rejected"
  | "clinician member whose verification has lapsed";

/** Where a thread lives: a space of the public community, or the network's general space. */
type Place = SpaceVisibility | "network";

/** The rules in words: which places each kind of person can read. */
const READS: Record<ViewerKind, Place[]> = {
  guest: ["public"],
  "signed-in non-member": ["public"],
  member: ["public", "members"],
  "carer member": ["public", "members", "carers"],
  "unverified clinician member (application pending)": ["public", "members"],
  "verified clinician member": ["public", "members", "clinicians", "network"],
  "verified clinician who is not a member": ["public", "clinicians", "network"],
  "clinician member whose application was rejected": ["public", "members"],
  "clinician member whose verification has lapsed": ["public", "members"],
};

/** Members of the community (and, for the verified clinician member, of the network too). */
const MEMBERS = new Set<ViewerKind>([
  "member",
  "carer member",
  "unverified clinician member (application pending)",
  "verified clinician member",
  "clinician member whose application was rejected",
  "clinician member whose verification has lapsed",
]);

const PLACES: Place[] = ["public", "members", "carers", "clinicians", "network"];
const NETWORK = "clinicians-network";

let t: TestApp;
let admin: Member;
let community: { slug: string; name: string };
let clinician: VerifiedClinician;
const viewers = new Map<ViewerKind, Member | null>();
/** Each place's space slug (within its community) and the thread started there. */
const places = new Map<Place, { community: string; space: string; threadId: string }>();
/** A word only this test run's threads carry, so search finds exactly them. */
const token = `kestrel${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  t = await createTestApp({ env: { HEARTH_CLINICIAN_NETWORK: "1" } });
  admin = await signedInAdmin(t);
  const owner = await signUp(t);
  community = await createCommunity(t, owner, { visibility: "public" });
  const spaces: Record<SpaceVisibility, string> = {
    public: "general",
    members: (await createSpace(t, owner, community.slug, "members")).slug,
    carers: (await createSpace(t, owner, community.slug, "carers")).slug,
    clinicians: (await createSpace(t, owner, community.slug, "clinicians")).slug,
  };

  clinician = await verifiedClinician(t, admin);
  const lapsed = await verifiedClinician(t, admin);
  const people: [ViewerKind, Member | null][] = [
    ["guest", null],
    ["signed-in non-member", await signUp(t)],
    ["member", await signUp(t)],
    ["carer member", await signUp(t, { carer: true })],
    ["unverified clinician member (application pending)", await pendingClinician(t)],
    ["verified clinician member", clinician],
    ["verified clinician who is not a member", await verifiedClinician(t, admin)],
    ["clinician member whose application was rejected", await rejectedClinician(t, admin)],
    ["clinician member whose verification has lapsed", lapsed],
  ];
  for (const [kind, person] of people) {
    viewers.set(kind, person);
    if (person && MEMBERS.has(kind)) await join(t, person, community.slug);
  }
  // A year went by without re-verification (the one change no API can make today).
  await sql`update clinician_verifications set expires_at = now() - interval '1 day' where account_id = ${lapsed.id}`.execute(t.database.db);
  await sql`update personas set verified_until = now() - interval '1 day' where account_id = ${lapsed.id} and kind <> 'personal'`.execute(t.database.db);

  for (const visibility of ["public", "members", "carers"] as const) {
    const { id } = await startThread(t, owner, community.slug, spaces[visibility], { title: `About ${visibility} ${token}` });
    places.set(visibility, { community: community.slug, space: spaces[visibility], threadId: id });
  }
  const inClinicians = await startThread(t, clinician, community.slug, spaces.clinicians, { title: `About clinicians ${token}` });
  places.set("clinicians", { community: community.slug, space: spaces.clinicians, threadId: inClinicians.id });

  const network = await t.request({ method: "POST", url: "/api/v1/admin/clinician-network", token: admin.token });
  expect(network.statusCode, network.body).toBe(201);
  await join(t, clinician, NETWORK);
  const inNetwork = await startThread(t, clinician, NETWORK, "general", { title: `About the network ${token}` });
  places.set("network", { community: NETWORK, space: "general", threadId: inNetwork.id });
});

afterAll(async () => t?.close());

const tokenOf = (kind: ViewerKind) => viewers.get(kind)?.token;
const where = (place: Place) => places.get(place)!;
const describeReads = (kind: ViewerKind) => (READS[kind].length ? READS[kind].join(", ") : "nothing");

/** What writing should answer: 201 where one may write, 401 for guests, 403 where one may read but not write, else 404. */
function expectedWriteStatus(kind: ViewerKind, place: Place): number {
  if (kind === "guest") return 401;
  if (!READS[kind].includes(place)) return 404;
  const member = place === "network" ? kind === "verified clinician member" : MEMBERS.has(kind);
  return member ? 201 : 403;
}

describe.each(Object.keys(READS) as ViewerKind[])("a %s", (kind) => {
  it(`reads threads lists and threads in ${describeReads(kind)} only`, async () => {
    for (const place of PLACES) {
      const { community: slug, space, threadId } = where(place);
      const list = await t.request({ method: "GET", url: `/api/v1/communities/${slug}/spaces/${space}/threads`, token: tokenOf(kind) });
      const thread = await t.request({ method: "GET", url: `/api/v1/threads/${threadId}`, token: tokenOf(kind) });
      const readable = READS[kind].includes(place);
      expect(list.statusCode, `threads list in ${place}`).toBe(readable ? 200 : 404);
      expect(thread.statusCode, `thread in ${place}`).toBe(readable ? 200 : 404);
      if (readable) expect(list.json().items.map((i: { id: string }) => i.id)).toContain(threadId);
      else expect(thread.body).not.toContain("About");
    }
  });

  it(`finds in search only what it may read (${describeReads(kind)})`, async () => {
    const response = await t.request({ method: "GET", url: `/api/v1/search?q=${token}&limit=50`, token: tokenOf(kind) });
    expect(response.statusCode, response.body).toBe(200);
    const found = new Set((response.json().items as { threadId: string }[]).map((hit) => hit.threadId));
    const expected = new Set(READS[kind].map((place) => where(place).threadId));
    expect(found).toEqual(expected);
  });

  it("starts threads and replies only where it may write", async () => {
    for (const place of PLACES) {
      const { community: slug, space, threadId } = where(place);
      const status = expectedWriteStatus(kind, place);
      const started = await t.request({
        method: "POST",
        url: `/api/v1/communities/${slug}/spaces/${space}/threads`,
        token: tokenOf(kind),
        payload: { title: "Trying to write", body: "Can I write here?" },
      });
      expect(started.statusCode, `new thread in ${place}: ${started.body}`).toBe(status);
      const replied = await t.request({ method: "POST", url: `/api/v1/threads/${threadId}/posts`, token: tokenOf(kind), payload: { body: "A reply." } });
      expect(replied.statusCode, `reply in ${place}: ${replied.body}`).toBe(status);
    }
  });
});

describe("a verified clinician writing in a clinicians' space", () => {
  it("may write as their personal, professional or anonymous persona, and each post shows the capacity it was written in", async () => {
    const { community: slug, space, threadId } = where("clinicians");
    const personas = [
      { id: clinician.personaId, capacity: "personal", name: clinician.displayName },
      { id: clinician.professional.id, capacity: "verified_clinician", name: clinician.professional.displayName },
      { id: clinician.anonymous.id, capacity: "verified_clinician_anonymous", name: clinician.anonymous.displayName },
    ];
    for (const persona of personas) {
      const started = await t.request({
        method: "POST",
        url: `/api/v1/communities/${slug}/spaces/${space}/threads`,
        token: clinician.token,
        payload: { title: `Written as ${persona.capacity}`, body: "Has anyone seen this after pulmonary rehab?", personaId: persona.id },
      });
      expect(started.statusCode, started.body).toBe(201);
      const opened = (await t.request({ method: "GET", url: `/api/v1/threads/${started.json().id}`, token: clinician.token })).json();
      expect(opened.posts.items[0].author).toMatchObject({ id: persona.id, capacity: persona.capacity, displayName: persona.name });

      const replied = await t.request({ method: "POST", url: `/api/v1/threads/${threadId}/posts`, token: clinician.token, payload: { body: "From me.", personaId: persona.id } });
      expect(replied.statusCode, replied.body).toBe(201);
    }
  });

  it("shows only the anonymous persona to other clinicians, never the username or the other personas", async () => {
    const { threadId } = where("clinicians");
    const other = viewers.get("verified clinician who is not a member")!;
    const thread = await t.request({ method: "GET", url: `/api/v1/threads/${threadId}`, token: other.token });
    const anonymousPost = (thread.json().posts.items as { author: { id: string } | null; body: string }[]).find((p) => p.author?.id === clinician.anonymous.id);
    expect(anonymousPost).toBeDefined();
    const text = JSON.stringify(anonymousPost);
    expect(text).toContain("Verified clinician, anonymous");
    for (const secret of [clinician.username, clinician.id, clinician.personaId, clinician.professional.id, clinician.professional.displayName]) {
      expect(text).not.toContain(secret);
    }
  });

  it("cannot write as someone else's persona, nor as a clinician persona without a current verification", async () => {
    const { community: slug, space } = where("members");
    const lapsed = viewers.get("clinician member whose verification has lapsed")!;
    const lapsedPersonas = (await t.request({ method: "GET", url: "/api/v1/personas", token: lapsed.token })).json().items as { id: string; kind: string; capacity: string }[];
    const lapsedAnonymous = lapsedPersonas.find((p) => p.kind === "anonymous_professional")!;
    expect(lapsedAnonymous.capacity).toBe("clinician_unverified");
    const asLapsed = await t.request({
      method: "POST",
      url: `/api/v1/communities/${slug}/spaces/${space}/threads`,
      token: lapsed.token,
      payload: { title: "Still a clinician?", body: "Let me try.", personaId: lapsedAnonymous.id },
    });
    expect(asLapsed.statusCode).toBe(403);

    const member = viewers.get("member")!;
    const asSomeoneElse = await t.request({
      method: "POST",
      url: `/api/v1/communities/${slug}/spaces/${space}/threads`,
      token: member.token,
      payload: { title: "Borrowed badge", body: "Pretending.", personaId: clinician.anonymous.id },
    });
    expect(asSomeoneElse.statusCode).toBe(403);
    const list = (await t.request({ method: "GET", url: `/api/v1/communities/${slug}/spaces/${space}/threads`, token: member.token })).json();
    expect(list.items.map((i: { title: string }) => i.title)).not.toContain("Borrowed badge");
    expect(list.items.map((i: { title: string }) => i.title)).not.toContain("Still a clinician?");
  });

  it("needs a current verification to add a clinician persona: pending and rejected applicants are turned down", async () => {
    for (const kind of ["unverified clinician member (application pending)", "clinician member whose application was rejected"] as const) {
      const response = await t.request({ method: "POST", url: "/api/v1/personas", token: tokenOf(kind), payload: { kind: "anonymous_professional" } });
      expect(response.statusCode, kind).toBe(403);
    }
  });
});
