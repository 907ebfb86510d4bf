/** Every query about communities, their charters, memberships and spaces. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { Charter, CommunityKind, CommunityVisibility, JoinPolicy, Role, MembershipStatus, PersonaKind, SpaceVisibility } from "../db/schema.ts";
import type { Position } from "../shared/cursor.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { visibleCommunityCondition } from "../db/visibility.sql.ts";
import { exactTimestamp } from "../db/keyset.ts";

export type CommunityRow = {
  id: string;
  slug: string;
  name: string;
  purpose: string;
  visibility: CommunityVisibility;
  join_policy: JoinPolicy;
  charter: Charter;
  is_demo: boolean;
  created_at: Date;
  updated_at: Date;
  /** "clinician_network" for the server's clinicians' network (migrations/0006). */
  kind: CommunityKind;
};

export async function findCommunityBySlug(db: Db, slug: string): Promise<CommunityRow | undefined> {
  return db.selectFrom("communities").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export async function findCommunityById(db: Db, id: string): Promise<CommunityRow | undefined> {
  return db.selectFrom("communities").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listVisibleCommunities(db: Db, viewer: Viewer, after: Position | null, limit: number) {
  let query = db
    .selectFrom("communities as c")
    .selectAll("c")
    .select(sql<number>`(select count(*) from memberships m where m.community_id = c.id and m.status = 'member')`.as("member_count"))
    .select(exactTimestamp("c.created_at").as("cursor_at"))
    .select((eb) =>
      isSignedIn(viewer)
        ? eb.selectFrom("memberships as mine").select(sql<string>`json_build_object('role', mine.role, 'status', mine.status)`.as("m"))
            .whereRef("mine.community_id", "=", "c.id").where("mine.account_id", "=", viewer.accountId).as("my_membership")
        : sql<null>`null`.as("my_membership"),
    )
    .where(visibleCommunityCondition(viewer))
    .orderBy("c.created_at")
    .orderBy("c.id")
    .limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(c.created_at, c.id) > (${after.at}::timestamptz, ${after.id})`);
  return query.execute() as Promise<(CommunityRow & { member_count: number; cursor_at: string; my_membership: { role: Role; status: MembershipStatus } | null })[]>;
}

export async function insertCommunity(
  db: Db,
  row: { id: string; slug: string; name: string; purpose: string; visibility: CommunityVisibility; join_policy: JoinPolicy; charter: Charter; is_demo?: boolean; kind?: CommunityKind },
) {
  await db.insertInto("communities").values({ ...row, charter: JSON.stringify(row.charter) }).execute();
}

export async function updateCommunity(
  db: Db,
  id: string,
  patch: { name?: string; purpose?: string; visibility?: CommunityVisibility; join_policy?: JoinPolicy; charter?: Charter },
) {
  const { charter, ...rest } = patch;
  await db
    .updateTable("communities")
    .set({ ...rest, ...(charter ? { charter: JSON.stringify(charter) } : {}), updated_at: new Date() })
    .where("id", "=", id)
    .execute();
}

export async function insertCharterRevision(db: Db, row: { id: string; community_id: string; editor_account_id: string | null; snapshot: unknown }) {
  await db.insertInto("charter_revisions").values({ ...row, snapshot: JSON.stringify(row.snapshot) }).execute();
}

export async function findMembership(db: Db, communityId: string, accountId: string) {
  return db
    .selectFrom("memberships")
    .select(["role", "status", "created_at"])
    .where("community_id", "=", communityId)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
}

/** The memberships of these accounts in a community, in one round trip (accounts without one are left out). */
export async function findMemberships(db: Db, communityId: string, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db.selectFrom("memberships").select(["account_id", "role", "status"]).where("community_id", "=", communityId).where("account_id", "in", accountIds).execute();
}

/** Which of the personas belong to accounts that are members of the community. */
export async function memberPersonas(db: Db, communityId: string, personaIds: string[]): Promise<Set<string>> {
  if (personaIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("personas as p")
    .innerJoin("memberships as m", (join) => join.onRef("m.account_id", "=", "p.account_id").on("m.community_id", "=", communityId).on("m.status", "=", "member"))
    .select("p.id")
    .where("p.id", "in", personaIds)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function insertMembership(db: Db, row: { community_id: string; account_id: string; role: Role; status: MembershipStatus; request_message?: string | null }) {
  await db.insertInto("memberships").values(row).execute();
}

export async function updateMembership(
  db: Db,
  communityId: string,
  accountId: string,
  patch: { role?: Role; status?: MembershipStatus; request_message?: string | null },
) {
  await db.updateTable("memberships").set(patch).where("community_id", "=", communityId).where("account_id", "=", accountId).execute();
}

export async function deleteMembership(db: Db, communityId: string, accountId: string) {
  await db.deleteFrom("memberships").where("community_id", "=", communityId).where("account_id", "=", accountId).execute();
}

export async function countOwners(db: Db, communityId: string): Promise<number> {
  const row = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("community_id", "=", communityId)
    .where("role", "=", "owner")
    .where("status", "=", "member")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The persona a member is shown by in a community's member list and steward list:
 * their personal persona, or in the clinicians' network their professional persona
 * (else their anonymous one) — showing a personal persona there would tell everyone
 * that this patient or carer is also a clinician. Expects `memberships as m` joined
 * with `communities as c`.
 */
type FaceRow = {
  id: string;
  kind: PersonaKind;
  display_name: string;
  is_carer: boolean;
  specialty: string | null;
  capacity: string | null;
  verified_until: Date | null;
  verified_from: Date | null;
};

const facePersona = sql<FaceRow>`lateral (
  select f.id, f.kind, f.display_name, f.is_carer, f.specialty, f.capacity, f.verified_until, f.verified_from from personas f
  where f.account_id = m.account_id and f.status = 'active'
    and f.kind = any(case when c.kind = 'clinician_network'
      then array['professional', 'anonymous_professional'] else array['personal'] end)
  order by case f.kind when 'professional' then 0 when 'anonymous_professional' then 1 else 2 end, f.created_at
  limit 1)`;

const faceColumns = ["p.id as persona_id", "p.kind", "p.display_name", "p.is_carer", "p.specialty", "p.capacity", "p.verified_until", "p.verified_from"] as const;

/** Memberships with the face persona of each (a LATERAL lookup by account, so a page reads only its own members' personas). */
function membersWithFaces(db: Db, communityId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("communities as c", "c.id", "m.community_id")
    .innerJoin(facePersona.as("p"), (join) => join.onTrue())
    .where("m.community_id", "=", communityId);
}

/**
 * The day a member joined (UTC), as a timestamp at midnight. The member list shows
 * only this day, and pages by it too: a cursor holding the exact time would hand a
 * moderator the second a personal persona joined, to match against the first post of
 * an anonymous persona (see test/anonymity).
 */
const joinedDay = sql<Date>`date_trunc('day', m.created_at at time zone 'UTC')`;

/** Members (or applicants) of a community, each shown by the one persona the community sees; by day joined, then persona id. */
export async function listMembers(db: Db, communityId: string, status: MembershipStatus, after: Position | null, limit: number) {
  let query = membersWithFaces(db, communityId)
    .select(["m.role", "m.status", "m.created_at", "m.account_id", "m.request_message", ...faceColumns])
    .select(sql<string>`to_char(${joinedDay}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as("cursor_at"))
    .where("m.status", "=", status)
    .orderBy(joinedDay)
    .orderBy("p.id")
    .limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(${joinedDay}, p.id) > (${after.at}::timestamptz at time zone 'UTC', ${after.id})`);
  return query.execute();
}

/** The owners and moderators, by the persona the community sees: who runs a community is public. */
export async function listStewards(db: Db, communityId: string) {
  return membersWithFaces(db, communityId)
    .select(["m.role", "m.created_at", ...faceColumns])
    .where("m.status", "=", "member")
    .where("m.role", "in", ["owner", "moderator"])
    .orderBy("m.role", "desc")
    .orderBy("m.created_at")
    .limit(50)
    .execute();
}

/**
 * The account behind a member's face persona in this community. Only that persona
 * answers: given any other persona (say, an anonymous one seen in a thread), a
 * moderator learns nothing about whether its account is a member.
 */
export async function findMemberByFacePersona(db: Db, communityId: string, personaId: string): Promise<string | undefined> {
  const row = await membersWithFaces(db, communityId).select("m.account_id").where("p.id", "=", personaId).executeTakeFirst();
  return row?.account_id;
}

/** The memberships of one account, for /me. */
export async function listMembershipsOfAccount(db: Db, accountId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("communities as c", "c.id", "m.community_id")
    .select(["c.slug", "c.name", "m.role", "m.status"])
    .where("m.account_id", "=", accountId)
    .orderBy("c.name")
    .execute();
}

/** Emails of a community's owners and moderators who gave one (for join-request notices). */
/** The verified addresses of a community's owners and moderators, with the language each chose. */
export async function managerEmails(db: Db, communityId: string): Promise<{ email: string; locale: string | null }[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("accounts as a", "a.id", "m.account_id")
    .select(["a.email", "a.locale"])
    .where("m.community_id", "=", communityId)
    .where("m.status", "=", "member")
    .where("m.role", "in", ["owner", "moderator"])
    .where("a.status", "=", "active")
    .where("a.email", "is not", null)
    // Only an address its owner proved (ADR 29): an unverified one may be someone else's.
    .where("a.email_verified_at", "is not", null)
    .execute();
  return rows.map((r) => ({ email: r.email!, locale: r.locale }));
}

export type SpaceRow = {
  id: string;
  community_id: string;
  slug: string;
  name: string;
  description: string;
  visibility: SpaceVisibility;
  position: number;
  created_at: Date;
  /** The patient community a clinicians' network space is paired with. */
  paired_community_id: string | null;
  /** That community's address and name, when listed with it and it is not hidden. */
  paired_slug?: string | null;
  paired_name?: string | null;
};

export async function listSpaces(db: Db, communityId: string): Promise<SpaceRow[]> {
  return db
    .selectFrom("spaces as s")
    .leftJoin("communities as pc", (join) => join.onRef("pc.id", "=", "s.paired_community_id").on("pc.visibility", "<>", "hidden"))
    .selectAll("s")
    .select(["pc.slug as paired_slug", "pc.name as paired_name"])
    .where("s.community_id", "=", communityId)
    .orderBy("s.position")
    .orderBy("s.created_at")
    .execute();
}

/** The clinicians' network spaces paired with a patient community (the "dumbbell"). */
export async function listPairedClinicianSpaces(db: Db, communityId: string) {
  return db
    .selectFrom("spaces as s")
    .innerJoin("communities as c", "c.id", "s.community_id")
    .select(["s.slug as space_slug", "s.name as space_name", "c.slug as community_slug", "c.name as community_name"])
    .where("s.paired_community_id", "=", communityId)
    .where("c.kind", "=", "clinician_network")
    .where("s.visibility", "=", "clinicians")
    .orderBy("s.position")
    .orderBy("s.created_at")
    .execute();
}

export async function findSpace(db: Db, communityId: string, slug: string): Promise<SpaceRow | undefined> {
  return db.selectFrom("spaces").selectAll().where("community_id", "=", communityId).where("slug", "=", slug).executeTakeFirst();
}

export async function insertSpace(
  db: Db,
  row: { id: string; community_id: string; slug: string; name: string; description: string; visibility: SpaceVisibility; position: number; paired_community_id?: string | null },
) {
  await db.insertInto("spaces").values(row).execute();
}

export async function nextSpacePosition(db: Db, communityId: string): Promise<number> {
  const row = await db
    .selectFrom("spaces")
    .select(sql<number>`coalesce(max(position), -1) + 1`.as("next"))
    .where("community_id", "=", communityId)
    .executeTakeFirstOrThrow();
  return Number(row.next);
}

/** The server's clinicians' network, if an administrator has started it. */
export async function findClinicianNetwork(db: Db): Promise<CommunityRow | undefined> {
  return db.selectFrom("communities").selectAll().where("kind", "=", "clinician_network").executeTakeFirst();
}

export async function updateSpace(db: Db, spaceId: string, patch: { name?: string; description?: string }) {
  await db.updateTable("spaces").set(patch).where("id", "=", spaceId).execute();
}

/** Removes a space and, through the foreign keys, every thread and post in it. */
export async function deleteSpace(db: Db, spaceId: string) {
  await db.deleteFrom("spaces").where("id", "=", spaceId).execute();
}
