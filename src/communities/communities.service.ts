/**
 * Communities and their charters, membership and spaces: the use cases, with the
 * policy checked here and every change in one transaction.
 */
import type { Db } from "../db/connection.ts";
import type { Charter, CommunityVisibility, JoinPolicy, Role, SpaceVisibility } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { AppError, checkAll, conflict, forbidden, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { newId, isId } from "../shared/ids.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import { LIMITS } from "../shared/limits.ts";
import { checkSafeText, normaliseName } from "../shared/text.ts";
import { checkCharter, type CharterInput } from "./charter.ts";
import * as policy from "./communities.policy.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { presentCommunity, presentMember, presentPairedSpaces, presentSpace, type CommunityView, type MemberView, type SpaceView } from "./communities.presenter.ts";
import * as repo from "./communities.repo.ts";

export const SLUG_PATTERN = `^[a-z0-9](?:[a-z0-9-]{1,${LIMITS.slug - 2}}[a-z0-9])$`;
const COMMUNITY_VISIBILITIES: readonly CommunityVisibility[] = ["public", "members", "hidden"];
const JOIN_POLICIES: readonly JoinPolicy[] = ["open", "approval"];
const RESERVED_SLUGS = new Set(["new", "api", "admin", "assets", "search", "signin", "signup", "settings", "me", "clinicians-network"]);

export type CommunityInput = {
  slug: string;
  name: string;
  purpose: string;
  visibility: CommunityVisibility;
  joinPolicy?: JoinPolicy;
  charter: CharterInput;
};

export type CommunityPatch = Partial<Omit<CommunityInput, "slug" | "charter">> & { charter?: Partial<CharterInput> };

/** `pairedCommunity`: for a clinicians' network space, the slug of the patient community it supports. */
export type SpaceInput = { slug: string; name: string; description?: string; visibility: SpaceVisibility; pairedCommunity?: string };

export type Access = { community: repo.CommunityRow; membership: policy.MembershipFacts };

export class CommunitiesService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly creationSetting: "members" | "admins",
  ) {}

  /** The community as the viewer may see it, with the viewer's membership; a 404 when hidden from them. */
  async access(viewer: Viewer, slug: string, db: Db = this.db): Promise<Access> {
    const community = await repo.findCommunityBySlug(db, slug);
    if (!community) throw notFound("That community");
    const membership = await this.membershipIn(viewer, community.id, db);
    if (!policy.canSeeCommunity(community, membership)) throw notFound("That community");
    return { community, membership };
  }

  /** The viewer's membership of a community whose facts the caller already has (a thread's, say). */
  async membershipIn(viewer: Viewer, communityId: string, db: Db = this.db): Promise<policy.MembershipFacts> {
    return isSignedIn(viewer) ? ((await repo.findMembership(db, communityId, viewer.accountId)) ?? null) : null;
  }

  async list(viewer: Viewer, cursor?: string, limit = 50): Promise<Page<CommunityView>> {
    const rows = await repo.listVisibleCommunities(this.db, viewer, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), (r) => presentCommunity(r, r.my_membership));
  }

  async get(viewer: Viewer, slug: string): Promise<CommunityView> {
    const { community, membership } = await this.access(viewer, slug);
    const spaces = (await repo.listSpaces(this.db, community.id)).filter((s) => policy.canReadSpace(viewer, community, s, membership));
    const view = presentCommunity(community, membership, spaces, await repo.listStewards(this.db, community.id));
    return { ...view, ...presentPairedSpaces(await repo.listPairedClinicianSpaces(this.db, community.id)) };
  }

  async create(viewer: Viewer, input: CommunityInput): Promise<CommunityView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!policy.canCreateCommunity(viewer, this.creationSetting)) {
      throw forbidden("On this server only administrators can start communities. Ask the people who run it.");
    }
    // Every field first: the slug is looked up only for a request that is otherwise right, so a
    // taken slug (a hidden community's, say) cannot be told from a free one by a request with a bad field.
    const { charter, name, purpose } = checkAll({
      slug: () => checkSlug(input.slug),
      name: () => communityName(input.name),
      purpose: () => purposeText(input.purpose),
      charter: () => checkCharter(input.charter),
      visibility: () => oneOf("visibility", input.visibility, COMMUNITY_VISIBILITIES),
      joinPolicy: () => input.joinPolicy === undefined || oneOf("joinPolicy", input.joinPolicy, JOIN_POLICIES),
    });
    const id = newId();
    try {
      await this.db.transaction().execute(async (trx) => {
        if (await repo.findCommunityBySlug(trx, input.slug)) throw slugTaken();
        await repo.insertCommunity(trx, {
          id,
          slug: input.slug,
          name,
          purpose,
          visibility: input.visibility,
          join_policy: input.joinPolicy ?? (input.visibility === "hidden" ? "approval" : "open"),
          charter,
        });
        await repo.insertCharterRevision(trx, { id: newId(), community_id: id, editor_account_id: viewer.accountId, snapshot: charter });
        await repo.insertMembership(trx, { community_id: id, account_id: viewer.accountId, role: "owner", status: "member" });
        // A new community gets one space to talk in at once; its audience follows the community's.
        await repo.insertSpace(trx, {
          id: newId(),
          community_id: id,
          slug: "general",
          name: "General",
          description: "Anything about living with the condition.",
          visibility: input.visibility === "public" ? "public" : "members",
          position: 0,
        });
        await this.events.publish(trx, { type: "community.created", communityId: id });
      });
    } catch (error) {
      if ((error as { code?: string }).code === "23505") throw slugTaken();
      throw error;
    }
    return this.get(viewer, input.slug);
  }

  async update(viewer: Viewer, slug: string, patch: CommunityPatch): Promise<CommunityView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await this.db.transaction().execute(async (trx) => {
      const { community, membership } = await this.access(viewer, slug, trx);
      if (!policy.canManageCommunity(membership)) throw forbidden("Only the community's owners and moderators can change its charter.");
      requireSecondFactorFor(viewer);
      if (community.kind === "clinician_network" && patch.visibility && patch.visibility !== "public") {
        throw invalid("visibility", "the clinicians' network stays public so clinicians everywhere can find it; its spaces are for verified clinicians only");
      }
      const charter = patch.charter ? checkCharter({ ...community.charter, ...patch.charter }) : undefined;
      await repo.updateCommunity(trx, community.id, {
        ...(patch.name !== undefined ? { name: communityName(patch.name) } : {}),
        ...(patch.purpose !== undefined ? { purpose: purposeText(patch.purpose) } : {}),
        ...(patch.visibility ? { visibility: patch.visibility } : {}),
        ...(patch.joinPolicy ? { join_policy: patch.joinPolicy } : {}),
        ...(charter ? { charter } : {}),
      });
      if (charter) {
        await repo.insertCharterRevision(trx, { id: newId(), community_id: community.id, editor_account_id: viewer.accountId, snapshot: charter });
        await this.events.publish(trx, { type: "community.charter_changed", communityId: community.id });
      }
    });
    return this.get(viewer, slug);
  }

  /** Joins at once, or asks to join where the community approves its members. */
  async join(viewer: Viewer, slug: string): Promise<{ status: "member" | "pending"; created: boolean }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.db.transaction().execute(async (trx) => {
      const { community, membership } = await this.access(viewer, slug, trx);
      if (membership) return { status: membership.status, created: false };
      if (!policy.canJoinCommunity(viewer, community)) {
        throw forbidden("Only verified clinicians can join the clinicians' network. If you are a registered clinician, apply to be verified first.");
      }
      // A hidden community is not seen by non-members, so nobody outside can ask to join it.
      const status = community.join_policy === "approval" ? "pending" : "member";
      await repo.insertMembership(trx, { community_id: community.id, account_id: viewer.accountId, role: "member", status });
      await this.events.publish(trx, {
        type: status === "member" ? "membership.joined" : "membership.requested",
        communityId: community.id,
        accountId: viewer.accountId,
      });
      return { status, created: true };
    });
  }

  async leave(viewer: Viewer, slug: string): Promise<void> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await this.db.transaction().execute(async (trx) => {
      const { community, membership } = await this.access(viewer, slug, trx);
      if (!membership) throw new AppError("not_a_member", 409, "You are not a member of this community.");
      if (policy.isOwner(membership) && (await repo.countOwners(trx, community.id)) <= 1) {
        throw conflict("last_owner", "You are the only owner. Make another member an owner before you leave.");
      }
      await repo.deleteMembership(trx, community.id, viewer.accountId);
      await this.events.publish(trx, { type: "membership.left", communityId: community.id, accountId: viewer.accountId });
    });
  }

  async listMembers(viewer: Viewer, slug: string, status: "member" | "pending", cursor?: string, limit = 50): Promise<Page<MemberView>> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { community, membership } = await this.access(viewer, slug);
    if (!policy.canManageCommunity(membership)) throw forbidden("Only the community's owners and moderators can see its member list.");
    requireSecondFactorFor(viewer); // members and requests to join are shown only because of the role (ADR 23)
    const rows = await repo.listMembers(this.db, community.id, status, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.persona_id }), presentMember);
  }

  /** Approves or turns down a request to join, naming the applicant by their personal persona. */
  async decide(viewer: Viewer, slug: string, personaId: string, decision: "approve" | "reject"): Promise<{ status: "member" | "rejected" }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.db.transaction().execute(async (trx) => {
      const { community, membership } = await this.access(viewer, slug, trx);
      if (!policy.canManageCommunity(membership)) throw forbidden("Only the community's owners and moderators can decide on requests to join.");
      requireSecondFactorFor(viewer);
      const accountId = isId(personaId) ? await repo.findMemberByFacePersona(trx, community.id, personaId) : undefined;
      const request = accountId ? await repo.findMembership(trx, community.id, accountId) : undefined;
      if (!accountId || request?.status !== "pending") throw notFound("That request to join");
      if (decision === "reject") {
        await repo.deleteMembership(trx, community.id, accountId);
        await this.events.publish(trx, { type: "membership.request_decided", communityId: community.id, accountId, decision: "declined" });
        return { status: "rejected" as const };
      }
      await repo.updateMembership(trx, community.id, accountId, { status: "member" });
      await this.events.publish(trx, { type: "membership.joined", communityId: community.id, accountId });
      await this.events.publish(trx, { type: "membership.request_decided", communityId: community.id, accountId, decision: "approved" });
      return { status: "member" as const };
    });
  }

  async setRole(viewer: Viewer, slug: string, personaId: string, role: Role): Promise<void> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await this.db.transaction().execute(async (trx) => {
      const { community, membership } = await this.access(viewer, slug, trx);
      if (!policy.isOwner(membership)) throw forbidden("Only the community's owners can change roles.");
      requireSecondFactorFor(viewer);
      const accountId = isId(personaId) ? await repo.findMemberByFacePersona(trx, community.id, personaId) : undefined;
      const target = accountId ? await repo.findMembership(trx, community.id, accountId) : undefined;
      if (!accountId || target?.status !== "member") throw notFound("That member");
      if (target.role === "owner" && role !== "owner" && (await repo.countOwners(trx, community.id)) <= 1) {
        throw conflict("last_owner", "A community needs at least one owner. Make someone else an owner first.");
      }
      await repo.updateMembership(trx, community.id, accountId, { role });
    });
  }

  async listSpaces(viewer: Viewer, slug: string): Promise<SpaceView[]> {
    return (await this.get(viewer, slug)).spaces ?? [];
  }

  async createSpace(viewer: Viewer, slug: string, input: SpaceInput): Promise<SpaceView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { name, description } = checkAll({
      slug: () => checkSlug(input.slug, "slug"),
      name: () => normaliseName("name", input.name, { max: LIMITS.spaceName, empty: "this cannot be empty" }),
      description: () => spaceDescription(input.description),
    });
    return this.db.transaction().execute(async (trx) => {
      const { community, membership } = await this.access(viewer, slug, trx);
      if (!policy.canManageCommunity(membership)) throw forbidden("Only the community's owners and moderators can add spaces.");
      requireSecondFactorFor(viewer);
      if (!policy.allowsSpaceVisibility(community, input.visibility)) {
        throw invalid("visibility", "every space in the clinicians' network is for verified clinicians only; choose clinicians");
      }
      const paired = input.pairedCommunity === undefined ? null : await this.pairedCommunity(trx, community, input.pairedCommunity);
      if (await repo.findSpace(trx, community.id, input.slug)) {
        throw conflict("slug_taken", "This community already has a space with that address. Choose another.", "slug");
      }
      const row = {
        id: newId(),
        community_id: community.id,
        slug: input.slug,
        name,
        description,
        visibility: input.visibility,
        position: await repo.nextSpacePosition(trx, community.id),
        paired_community_id: paired?.id ?? null,
      };
      await repo.insertSpace(trx, row);
      return presentSpace(community, { ...row, created_at: new Date(), paired_slug: paired?.slug ?? null, paired_name: paired?.name ?? null });
    });
  }

  /**
   * The patient community a clinicians' network space supports: only the network's
   * spaces pair, and only with a community anyone can find (never a hidden one, whose
   * name would then show in the network).
   */
  private async pairedCommunity(db: Db, community: repo.CommunityRow, slug: string): Promise<repo.CommunityRow> {
    if (community.kind !== "clinician_network") {
      throw invalid("pairedCommunity", "only spaces in the clinicians' network can be paired with a patient community");
    }
    const paired = await repo.findCommunityBySlug(db, slug.trim());
    if (!paired || paired.visibility === "hidden" || paired.kind !== "community") {
      throw invalid("pairedCommunity", "no community that anyone can find has that address; check it, or leave it out");
    }
    return paired;
  }

  /** The memberships of the viewer, for /me. */
  async membershipsOf(viewer: SignedInViewer) {
    return repo.listMembershipsOfAccount(this.db, viewer.accountId);
  }

  /** A community's name and address, for telling someone who asked to join it what was decided (notifications.job.ts). */
  async nameOf(communityId: string): Promise<{ id: string; slug: string; name: string } | null> {
    const community = await repo.findCommunityById(this.db, communityId);
    return community ? { id: community.id, slug: community.slug, name: community.name } : null;
  }

  /** Emails of those who decide on requests to join (used by the notification job). */
  async managerEmails(communityId: string): Promise<{ community: repo.CommunityRow; emails: string[] } | null> {
    const community = await repo.findCommunityById(this.db, communityId);
    if (!community) return null;
    return { community, emails: await repo.managerEmails(this.db, communityId) };
  }
}

function checkSlug(slug: string, field = "slug") {
  if (!new RegExp(SLUG_PATTERN).test(slug)) {
    throw invalid(field, "use 3 to 40 lower-case letters, numbers and hyphens, starting and ending with a letter or number");
  }
  if (RESERVED_SLUGS.has(slug)) throw invalid(field, `"${slug}" is kept for the site itself; choose another`);
}

function oneOf<T extends string>(field: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw invalid(field, `choose one of ${allowed.join(", ")}`);
  return value;
}

function spaceDescription(value: string | undefined): string {
  const description = checkSafeText("description", value ?? "").trim();
  if (description.length > LIMITS.spaceDescription) throw invalid("description", `keep it under ${LIMITS.spaceDescription} characters`);
  return description;
}

function communityName(value: string): string {
  return normaliseName("name", value, { max: LIMITS.communityName, empty: "this cannot be empty" });
}

function purposeText(value: string): string {
  const trimmed = checkSafeText("purpose", value).trim();
  if (!trimmed) throw invalid("purpose", "this cannot be empty");
  if (trimmed.length > LIMITS.purpose) throw invalid("purpose", `keep it under ${LIMITS.purpose} characters`);
  return trimmed;
}

function slugTaken() {
  return conflict("slug_taken", "A community already has that address. Choose another.", "slug");
}
