/**
 * The reading rules exist twice: as TypeScript (communities.policy.ts, for one space
 * at a time) and as SQL (visibility.sql.ts, for lists and search). This file builds
 * real communities, spaces and memberships for every kind of viewer and checks that
 * the two agree with each other and with the rules as the product states them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommunityVisibility, SpaceVisibility } from "../db/schema.ts";
import { GUEST, type Viewer } from "../shared/viewer.ts";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { NURSE_APPLICATION, signedInAdmin, verifiedClinician } from "../../test/helpers/clinician-fixtures.ts";
import { createCommunity, createSpace, decide, join, setRole, signUp, type Member } from "../../test/helpers/factories.ts";
import { canReadSpace, canSeeCommunity } from "./communities.policy.ts";
import { findMembership } from "./communities.repo.ts";
import { readableSpaceCondition, visibleCommunityCondition } from "../db/visibility.sql.ts";

const COMMUNITY_VISIBILITIES: CommunityVisibility[] = ["public", "members", "hidden"];
const SPACE_VISIBILITIES: SpaceVisibility[] = ["public", "members", "carers", "clinicians"];

type ViewerKind =
  | "guest"
  | "non-member"
  | "carer non-member"
  | "clinician non-member"
  | "pending"
  | "member"
  | "carer member"
  | "clinician member"
  | "moderator"
  | "owner";

const VIEWER_KINDS: ViewerKind[] = [
  "guest",
  "non-member",
  "carer non-member",
  "clinician non-member",
  "pending",
  "member",
  "carer member",
  "clinician member",
  "moderator",
  "owner",
];

/** The rules in words: what each kind of viewer may read. */
function expectedReadable(kind: ViewerKind, community: CommunityVisibility, space: SpaceVisibility): boolean {
  const open = community === "public" && space === "public";
  switch (kind) {
    case "guest":
    case "non-member":
    case "carer non-member":
    case "pending":
      return open;
    case "clinician non-member":
      return open || (community === "public" && space === "clinicians");
    case "member":
      return space === "public" || space === "members";
    case "clinician member":
      return space === "public" || space === "members" || space === "clinicians";
    case "carer member":
    case "moderator":
    case "owner":
      return space === "public" || space === "members" || space === "carers";
  }
}

function expectedVisibleCommunity(kind: ViewerKind, community: CommunityVisibility): boolean {
  if (community !== "hidden") return true;
  return ["pending", "member", "carer member", "clinician member", "moderator", "owner"].includes(kind);
}

let t: TestApp;
const communities: { id: string; slug: string; visibility: CommunityVisibility }[] = [];
const spaces: { id: string; communityId: string; visibility: SpaceVisibility }[] = [];
const viewers = new Map<ViewerKind, Viewer>();

beforeAll(async () => {
  t = await createTestApp();
  const admin = await signedInAdmin(t);
  const clinician = () => verifiedClinician(t, admin, { application: NURSE_APPLICATION, professional: false, anonymous: false });

  const owner = await signUp(t);
  const people = {
    "non-member": await signUp(t),
    "carer non-member": await signUp(t, { carer: true }),
    "clinician non-member": await clinician(),
    pending: await signUp(t),
    member: await signUp(t),
    "carer member": await signUp(t, { carer: true }),
    "clinician member": await clinician(),
    moderator: await signUp(t),
  } satisfies Partial<Record<ViewerKind, Member>>;

  for (const visibility of COMMUNITY_VISIBILITIES) {
    // Every community starts public so that people can ask to join; then it takes its real visibility.
    const community = await createCommunity(t, owner, { joinPolicy: "approval" });
    for (const space of SPACE_VISIBILITIES) await createSpace(t, owner, community.slug, space, `${space}-space`);
    await join(t, people.pending, community.slug);
    for (const who of ["member", "carer member", "clinician member", "moderator"] as const) {
      await join(t, people[who], community.slug);
      await decide(t, owner, community.slug, people[who], "approve");
    }
    await setRole(t, owner, community.slug, people.moderator, "moderator");
    if (visibility !== "public") {
      const patched = await t.request({ method: "PATCH", url: `/api/v1/communities/${community.slug}`, token: owner.token, payload: { visibility } });
      expect(patched.statusCode, patched.body).toBe(200);
    }
    communities.push({ id: community.id, slug: community.slug, visibility });
  }
  const rows = await t.database.db.selectFrom("spaces").select(["id", "community_id", "visibility"]).where("community_id", "in", communities.map((c) => c.id)).execute();
  for (const row of rows) spaces.push({ id: row.id, communityId: row.community_id, visibility: row.visibility });

  viewers.set("guest", GUEST);
  viewers.set("owner", await t.services.accounts.viewerForAccount(owner.id));
  for (const [kind, person] of Object.entries(people)) viewers.set(kind as ViewerKind, await t.services.accounts.viewerForAccount(person.id));
});
afterAll(async () => t?.close());

async function membershipOf(viewer: Viewer, communityId: string) {
  if (viewer.kind !== "account") return null;
  return (await findMembership(t.database.db, communityId, viewer.accountId)) ?? null;
}

/** "community visibility/space visibility" for every space the SQL condition lets the viewer read. */
async function readableBySql(viewer: Viewer): Promise<Set<string>> {
  const rows = await t.database.db
    .selectFrom("communities as c")
    .innerJoin("spaces as s", "s.community_id", "c.id")
    .select(["s.id"])
    .where("c.id", "in", communities.map((c) => c.id))
    .where(readableSpaceCondition(viewer))
    .execute();
  return new Set(rows.map((r) => r.id));
}

async function readableByPolicy(viewer: Viewer): Promise<Set<string>> {
  const readable = new Set<string>();
  for (const space of spaces) {
    const community = communities.find((c) => c.id === space.communityId)!;
    if (canReadSpace(viewer, community, space, await membershipOf(viewer, community.id))) readable.add(space.id);
  }
  return readable;
}

const label = (spaceId: string) => {
  const space = spaces.find((s) => s.id === spaceId)!;
  return `${communities.find((c) => c.id === space.communityId)!.visibility} community / ${space.visibility} space`;
};

describe("who may read a space: the SQL condition, the policy and the rules agree", () => {
  it("has built every kind of viewer and every combination of community and space visibility", () => {
    expect([...viewers.keys()].sort()).toEqual([...VIEWER_KINDS].sort());
    expect(viewers.get("clinician member")).toMatchObject({ isVerifiedClinician: true });
    expect(viewers.get("carer member")).toMatchObject({ isCarer: true, isVerifiedClinician: false });
    for (const c of COMMUNITY_VISIBILITIES) {
      for (const s of SPACE_VISIBILITIES) {
        expect(spaces.some((space) => space.visibility === s && communities.find((x) => x.id === space.communityId)!.visibility === c), `${c}/${s}`).toBe(true);
      }
    }
  });

  it.each(VIEWER_KINDS)("agrees for a %s", async (kind) => {
    const viewer = viewers.get(kind)!;
    const bySql = await readableBySql(viewer);
    const byPolicy = await readableByPolicy(viewer);
    const byRules = new Set(
      spaces.filter((s) => expectedReadable(kind, communities.find((c) => c.id === s.communityId)!.visibility, s.visibility)).map((s) => s.id),
    );
    expect([...bySql].map(label).sort(), "SQL condition").toEqual([...byRules].map(label).sort());
    expect([...byPolicy].map(label).sort(), "policy").toEqual([...byRules].map(label).sort());
    expect(bySql).toEqual(byPolicy);
  });

  it("reads a moderator without the two-step sign-in the host requires as a plain member, in SQL and in the policy (ADR 23)", async () => {
    const moderator = viewers.get("moderator")!;
    // What the session gives a moderator under HEARTH_REQUIRE_2FA=1 before two-step sign-in is on.
    const locked: Viewer = { ...moderator, secondFactor: "missing" } as Viewer;
    const asMember = new Set(spaces.filter((s) => expectedReadable("member", communities.find((c) => c.id === s.communityId)!.visibility, s.visibility)).map((s) => s.id));
    expect([...(await readableBySql(locked))].map(label).sort(), "SQL condition").toEqual([...asMember].map(label).sort());
    expect([...(await readableByPolicy(locked))].map(label).sort(), "policy").toEqual([...asMember].map(label).sort());
    // Positive control: the same moderator with it on reads the carers' spaces.
    const unlocked: Viewer = { ...moderator, secondFactor: "active" } as Viewer;
    expect([...(await readableBySql(unlocked))].map(label)).toContain("public community / carers space");
    expect(await readableBySql(unlocked)).toEqual(await readableByPolicy(unlocked));
  });

  it.each(VIEWER_KINDS)("lists the same communities to a %s as the policy lets them see", async (kind) => {
    const viewer = viewers.get(kind)!;
    const rows = await t.database.db
      .selectFrom("communities as c")
      .select(["c.id"])
      .where("c.id", "in", communities.map((c) => c.id))
      .where(visibleCommunityCondition(viewer))
      .execute();
    const bySql = new Set(rows.map((r) => r.id));
    for (const community of communities) {
      const byPolicy = canSeeCommunity(community, await membershipOf(viewer, community.id));
      expect(bySql.has(community.id), `${community.visibility} community, SQL`).toBe(expectedVisibleCommunity(kind, community.visibility));
      expect(byPolicy, `${community.visibility} community, policy`).toBe(expectedVisibleCommunity(kind, community.visibility));
    }
  });

  it("shows each viewer through the API exactly the spaces the rules allow", async () => {
    const tokens = new Map<ViewerKind, string | undefined>();
    // The API is what people use; check it for the viewers who have a session.
    for (const kind of VIEWER_KINDS) {
      const viewer = viewers.get(kind)!;
      if (viewer.kind !== "account") {
        tokens.set(kind, undefined);
        continue;
      }
      tokens.set(kind, (await t.services.accounts.openSession(viewer.accountId)).token);
    }
    for (const kind of VIEWER_KINDS) {
      for (const community of communities) {
        const response = await t.request({ method: "GET", url: `/api/v1/communities/${community.slug}/spaces`, ...(tokens.get(kind) ? { token: tokens.get(kind)! } : {}) });
        if (!expectedVisibleCommunity(kind, community.visibility)) {
          expect(response.statusCode, `${kind}, ${community.visibility} community`).toBe(404);
          continue;
        }
        const shown = (response.json().items as { id: string }[]).map((s) => s.id).sort();
        const allowed = spaces.filter((s) => s.communityId === community.id && expectedReadable(kind, community.visibility, s.visibility)).map((s) => s.id).sort();
        expect(shown, `${kind}, ${community.visibility} community`).toEqual(allowed);
      }
    }
  });
});
