/**
 * Communities and their charters, membership and spaces: the use cases, with the
 * policy checked here and every change in one transaction.
 */
import type { Db } from "../db/connection.ts";
import type { CommunityVisibility, JoinPolicy, Role, SpaceVisibility } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { AppError, checkAll, forbidden, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { newId } from "../shared/ids.ts";
import { GUEST, isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import type { ChoosableLocale } from "../shared/i18n/locales.ts";
import { checkCharter, type CharterInput } from "./charter.ts";
import * as policy from "./communities.policy.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { presentCommunity, presentCrisisHelp, presentLockedSpace, presentPairedSpaces, type CommunityView, type CrisisHelpView, type MemberView, type SpaceView } from "./communities.presenter.ts";
import * as repo from "./communities.repo.ts";
import { foundNetwork, type NetworkDefinition } from "./network.ts";
import * as spaces from "./spaces.ts";
import * as members from "./members.ts";
import { checkForkProposal, foundFork, type FoundedFork, type ForkedBy, type ForkInput } from "./fork.ts";

export type { FoundedFork, ForkInput, ForkedBy } from "./fork.ts";
import {
  checkSlug,
  communityName,
  COMMUNITY_VISIBILITIES,
  FIRST_SPACE_VISIBILITIES,
  JOIN_POLICIES,
  oneOf,
  purposeText,
  slugTaken,
  SPACE_VISIBILITIES,
  type FirstSpaceVisibility,
} from "./community-input.ts";

export { SLUG_PATTERN, RESERVED_SLUGS, type FirstSpaceVisibility } from "./community-input.ts";


export type CommunityInput = {
  slug: string;
  name: string;
  purpose: string;
  visibility: CommunityVisibility;
  joinPolicy?: JoinPolicy;
  charter: CharterInput;
  /**
   * Who reads the first space ("General"): its members, unless the creator chooses
   * "public" (anyone, in a public community). Never public by default: a newcomer's first
   * words should not reach search engines because of a default nobody chose.
   */
  firstSpace?: FirstSpaceVisibility;
};


export type CommunityPatch = Partial<Omit<CommunityInput, "slug" | "charter" | "firstSpace">> & { charter?: Partial<CharterInput> };

export type { SpaceInput } from "./spaces.ts";
import type { SpaceInput } from "./spaces.ts";

/** Memberships looked up in one query by membershipsIn (well within a query's parameters). */
const MEMBERSHIPS_AT_ONCE = 1000;

export type Access = { community: repo.CommunityRow; membership: policy.MembershipFacts };
/** A space the viewer may read, with what they may do in it (for discussion). */
export type SpaceAccess = Access & { space: repo.SpaceRow; canPost: boolean; readsAsModerator: boolean };
export type { MembershipFacts, CommunityFacts, SpaceFacts } from "./communities.policy.ts";
export type { SpaceRow } from "./communities.repo.ts";

export class CommunitiesService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly creationSetting: "members" | "admins",
  ) {}

  /** The community as the viewer may see it, with the viewer's membership; a 404 when hidden from them. */
  async access(viewer: Viewer, slug: string, db: Db = this.db): Promise<Access> {
    const community = await repo.findCommunityBySlug(db, slug);
    if (!community) throw notFound(msg("error.notFound.community"));
    const membership = await this.membershipIn(viewer, community.id, db);
    if (!policy.canSeeCommunity(community, membership)) throw notFound(msg("error.notFound.community"));
    return { community, membership };
  }

  /**
   * The default language of a community the viewer can see; undefined when it has none,
   * or when the viewer cannot see it (so a hidden community's language never shows in an answer).
   */
  async languageOf(viewer: Viewer, slug: string): Promise<ChoosableLocale | undefined> {
    try {
      return (await this.access(viewer, slug)).community.charter.language;
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") return undefined;
      throw error;
    }
  }

  /** The viewer's membership of a community whose facts the caller already has (a thread's, say). */
  async membershipIn(viewer: Viewer, communityId: string, db: Db = this.db): Promise<policy.MembershipFacts> {
    return isSignedIn(viewer) ? ((await repo.findMembership(db, communityId, viewer.accountId)) ?? null) : null;
  }

  /**
   * membershipIn for many accounts at once (a fan-out of notifications): each account's
   * membership of the community, by account id; null for those without one.
   */
  async membershipsIn(communityId: string, accountIds: string[]): Promise<Map<string, policy.MembershipFacts>> {
    const ids = [...new Set(accountIds)];
    const memberships = new Map<string, policy.MembershipFacts>(ids.map((id) => [id, null]));
    for (let i = 0; i < ids.length; i += MEMBERSHIPS_AT_ONCE) {
      for (const row of await repo.findMemberships(this.db, communityId, ids.slice(i, i + MEMBERSHIPS_AT_ONCE))) {
        memberships.set(row.account_id, { role: row.role, status: row.status });
      }
    }
    return memberships;
  }

  /** Which of the personas are those of the community's members (an event's co-organisers, say). Never sent out as it is. */
  async memberPersonas(communityId: string, personaIds: string[]): Promise<Set<string>> {
    return repo.memberPersonas(this.db, communityId, personaIds);
  }

  /** A space of the community the viewer may read, with what they may do there; a 404 when they may not read it. */
  async readableSpace(viewer: Viewer, slug: string, spaceSlug: string): Promise<SpaceAccess> {
    const { community, membership } = await this.access(viewer, slug);
    const space = await repo.findSpace(this.db, community.id, spaceSlug);
    if (!space || !policy.canReadSpace(viewer, community, space, membership)) throw notFound(msg("error.notFound.space"));
    return {
      community,
      membership,
      space,
      canPost: policy.canPostInSpace(viewer, community, space, membership),
      readsAsModerator: policy.readsAsModerator(viewer, membership),
    };
  }

  /** The spaces of the community the viewer may read, in the community's order. */
  async readableSpaces(viewer: Viewer, slug: string): Promise<Access & { spaces: repo.SpaceRow[]; readsAsModerator: boolean }> {
    const { community, membership } = await this.access(viewer, slug);
    const spaces = (await repo.listSpaces(this.db, community.id)).filter((s) => policy.canReadSpace(viewer, community, s, membership));
    return { community, membership, spaces, readsAsModerator: policy.readsAsModerator(viewer, membership) };
  }

  // The reading and posting rules, for features that already hold a community's and a
  // space's facts (a thread's row carries them) and the viewer's membership.

  /** Whether the viewer may read a space: the community is visible to them and the space's audience includes them. */
  mayRead(viewer: Viewer, community: policy.CommunityFacts, space: policy.SpaceFacts, membership: policy.MembershipFacts): boolean {
    return policy.canSeeCommunity(community, membership) && policy.canReadSpace(viewer, community, space, membership);
  }

  mayPost(viewer: Viewer, community: policy.CommunityFacts, space: policy.SpaceFacts, membership: policy.MembershipFacts): boolean {
    return policy.canPostInSpace(viewer, community, space, membership);
  }

  /** Whether this membership runs the community (its owners and moderators). */
  manages(membership: policy.MembershipFacts): boolean {
    return policy.canManageCommunity(membership);
  }

  /** Whether the viewer reads the community as one of its moderators (hidden words included). */
  readsAsModerator(viewer: Viewer, membership: policy.MembershipFacts): boolean {
    return policy.readsAsModerator(viewer, membership);
  }

  /**
   * Whether `personaId` is the face of a member whom this viewer is shown: the stewards
   * on the community's page to anyone who sees it, every member and request to its
   * managers. Only a face answers, so another persona of a member's account says nothing.
   */
  async isListedFace(communityId: string, personaId: string, toManager: boolean, db: Db = this.db): Promise<boolean> {
    if (toManager) return (await repo.findMemberByFacePersona(db, communityId, personaId)) !== undefined;
    return (await repo.listStewards(db, communityId)).some((steward) => steward.persona_id === personaId);
  }

  /** The server's clinicians' network, once started. */
  async clinicianNetwork(): Promise<{ slug: string; name: string } | null> {
    const row = await repo.findClinicianNetwork(this.db);
    return row ? { slug: row.slug, name: row.name } : null;
  }

  /**
   * Founds the clinicians' network (its service checks who may and whether the host
   * allows it): the community, its first charter revision, the founder as owner and its
   * first space, in one transaction. Only one network can exist (a unique index).
   */
  async foundClinicianNetwork(
    founder: SignedInViewer,
    network: NetworkDefinition,
    onExisting: () => Error,
  ): Promise<void> {
    await foundNetwork(this.db, this.events, founder, network, onExisting);
  }

  async list(viewer: Viewer, cursor?: string, limit = 50): Promise<Page<CommunityView>> {
    const rows = await repo.listVisibleCommunities(this.db, viewer, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), (r) => presentCommunity(r, r.my_membership));
  }

  /**
   * A community's crisis support (ADR 39), for its help page and for an author whose
   * words read like someone in crisis: the charter's resources by country and its
   * "in danger now" line (null: the page says a default). Anyone who may see the community.
   */
  async crisisHelp(viewer: Viewer, slug: string): Promise<CrisisHelpView> {
    const { community } = await this.access(viewer, slug);
    return presentCrisisHelp(community);
  }

  /**
   * One community as the viewer may see it: the spaces they can read, and the others
   * listed by name and audience only (ADR 0032); a hidden community stays a 404.
   */
  async get(viewer: Viewer, slug: string): Promise<CommunityView> {
    const { community, membership } = await this.access(viewer, slug);
    const all = await repo.listSpaces(this.db, community.id);
    const readable = all.filter((s) => policy.canReadSpace(viewer, community, s, membership));
    const manage = policy.canManageCommunity(membership);
    const lockedSpaces = all.filter((s) => !readable.includes(s)).map((s) => presentLockedSpace(community, s, manage));
    const can = {
      manage,
      join: isSignedIn(viewer) && membership === null && policy.canJoinCommunity(viewer, community),
      readSpaceFor: Object.fromEntries(
        SPACE_VISIBILITIES.map((v) => [v, policy.canReadSpace(viewer, community, { visibility: v }, membership)]),
      ) as Record<SpaceVisibility, boolean>,
    };
    const view = presentCommunity(community, membership, readable, await repo.listStewards(this.db, community.id), { lockedSpaces, can });
    return { ...view, ...presentPairedSpaces(await repo.listPairedClinicianSpaces(this.db, community.id)) };
  }

  /**
   * The community a sign-up form may offer to join in the same step, as a guest sees it;
   * null where a new account could not join (the clinicians' network), and a 404 where a
   * guest cannot see it.
   */
  async joinOnSignUp(slug: string): Promise<JoinOnSignUp | null> {
    const { community } = await this.access(GUEST, slug);
    // A new account is no verified clinician: it may join whatever a guest could be let into.
    if (!policy.canJoinCommunity(GUEST, community)) return null;
    return { slug: community.slug, name: community.name, joinPolicy: community.join_policy };
  }

  /** Refuses, with the reason, a viewer who may not start a community here (the new-community form asks before it is shown). */
  checkMayCreate(viewer: Viewer): void {
    if (!policy.canCreateCommunity(viewer, this.creationSetting)) {
      throw forbidden(msg("error.community.adminsOnlyStart"));
    }
  }

  /** Whether the viewer may start a community on this server (the home page's button). */
  mayCreate(viewer: Viewer): boolean {
    return policy.canCreateCommunity(viewer, this.creationSetting);
  }

  async create(viewer: Viewer, input: CommunityInput): Promise<CommunityView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    this.checkMayCreate(viewer);
    // Every field first: the slug is looked up only for a request that is otherwise right, so a
    // taken slug (a hidden community's, say) cannot be told from a free one by a request with a bad field.
    const { charter, name, purpose } = checkAll({
      slug: () => checkSlug(input.slug),
      name: () => communityName(input.name),
      purpose: () => purposeText(input.purpose),
      charter: () => checkCharter(input.charter),
      visibility: () => oneOf("visibility", input.visibility, COMMUNITY_VISIBILITIES),
      joinPolicy: () => input.joinPolicy === undefined || oneOf("joinPolicy", input.joinPolicy, JOIN_POLICIES),
      firstSpace: () => input.firstSpace === undefined || oneOf("firstSpace", input.firstSpace, FIRST_SPACE_VISIBILITIES),
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
        // A new community gets one space to talk in at once, for its members unless the creator chose public.
        await repo.insertSpace(trx, {
          id: newId(),
          community_id: id,
          slug: "general",
          name: "General",
          description: "Anything about living with the condition.",
          visibility: input.visibility === "public" && input.firstSpace === "public" ? "public" : "members",
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
      if (!policy.canManageCommunity(membership)) throw forbidden(msg("error.community.charterManagersOnly"));
      requireSecondFactorFor(viewer);
      if (community.kind === "clinician_network" && patch.visibility && patch.visibility !== "public") {
        throw invalid("visibility", msg("problem.community.networkPublic"));
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

  /**
   * Joins at once, or asks to join where the community approves its members; `message`
   * goes with a request to join, for the managers only (ignored where nobody approves).
   */
  async join(viewer: Viewer, slug: string, options: { message?: string } = {}): Promise<{ status: "member" | "pending"; created: boolean }> {
    return members.join(this.db, this.events, this.accessOf, viewer, slug, options);
  }

  async leave(viewer: Viewer, slug: string): Promise<void> {
    return members.leave(this.db, this.events, this.accessOf, viewer, slug);
  }

  async listMembers(viewer: Viewer, slug: string, status: "member" | "pending", cursor?: string, limit = 50): Promise<Page<MemberView>> {
    return members.listMembers(this.db, this.accessOf, viewer, slug, status, cursor, limit);
  }

  /** Approves or turns down a request to join, naming the applicant by their personal persona. */
  async decide(viewer: Viewer, slug: string, personaId: string, decision: "approve" | "reject"): Promise<{ status: "member" | "rejected" }> {
    return members.decide(this.db, this.events, this.accessOf, viewer, slug, personaId, decision);
  }

  async setRole(viewer: Viewer, slug: string, personaId: string, role: Role): Promise<void> {
    return members.setRole(this.db, this.accessOf, viewer, slug, personaId, role);
  }

  async listSpaces(viewer: Viewer, slug: string): Promise<SpaceView[]> {
    return (await this.get(viewer, slug)).spaces ?? [];
  }

  async createSpace(viewer: Viewer, slug: string, input: SpaceInput): Promise<SpaceView> {
    return spaces.createSpace(this.db, this.accessOf, viewer, slug, input);
  }

  /**
   * Renames a space, or changes what it is for: the community's owners and moderators,
   * even where the audience is one they are not part of (a clinicians' space, say).
   */
  async updateSpace(viewer: Viewer, slug: string, spaceSlug: string, input: { name?: string; description?: string }): Promise<void> {
    return spaces.updateSpace(this.db, this.accessOf, viewer, slug, spaceSlug, input);
  }

  /** Deletes a space with every thread in it: the community's owners and moderators. */
  async deleteSpace(viewer: Viewer, slug: string, spaceSlug: string): Promise<void> {
    return spaces.deleteSpace(this.db, this.accessOf, viewer, slug, spaceSlug);
  }

  private readonly accessOf: spaces.AccessOf = (viewer, slug, db) => this.access(viewer, slug, db);

  /**
   * Makes a fork's community in the caller's transaction `trx` (src/forks carries the rest):
   * its owners and moderators only (a 403; a 404 where the viewer cannot see it), every field
   * checked before the slug is looked up, as on creation (fork.ts).
   */
  async foundFork(viewer: SignedInViewer, parentSlug: string, input: ForkInput, trx: Db, by: ForkedBy = "managers"): Promise<FoundedFork> {
    return foundFork(trx, (db) => this.access(viewer, parentSlug, db), () => this.checkMayCreate(viewer), viewer, input, by);
  }

  /** A members' fork proposal checked as its fork will be (ADR 48), writing nothing: the parent and the signatures it needs. */
  async checkForkProposal(viewer: SignedInViewer, parentSlug: string, input: ForkInput, trx: Db = this.db) {
    return checkForkProposal(trx, (db) => this.access(viewer, parentSlug, db), () => this.checkMayCreate(viewer), input);
  }

  /** A community's id, address and name by its slug, whoever asks: for a feature that decides itself who may know of it (a fork's consent page). */
  async bySlug(slug: string): Promise<{ id: string; slug: string; name: string } | null> {
    const community = await repo.findCommunityBySlug(this.db, slug);
    return community ? { id: community.id, slug: community.slug, name: community.name } : null;
  }

  /** Those of these communities the viewer may see, by id, with their address and name (a fork's lineage). */
  async seeable(viewer: Viewer, ids: readonly string[]): Promise<Map<string, { slug: string; name: string }>> {
    const seen = new Map<string, { slug: string; name: string }>();
    for (const id of ids) {
      const community = await repo.findCommunityById(this.db, id);
      if (community && policy.canSeeCommunity(community, await this.membershipIn(viewer, id))) seen.set(id, { slug: community.slug, name: community.name });
    }
    return seen;
  }

  /**
   * Makes an account a member of a community that came in an archive (ADR 46), in the caller's
   * transaction: the owner `hearth import --owner` names, or the member who claimed a persona of
   * it. `asOwner` makes them its owner only while it has none. Answers the role they now have.
   */
  async admitFromArchive(db: Db, communityId: string, accountId: string, asOwner: boolean): Promise<Role> {
    const existing = await repo.findMembership(db, communityId, accountId);
    const role: Role = asOwner && (await repo.countOwners(db, communityId)) === 0 ? "owner" : existing?.status === "member" ? existing.role : "member";
    if (!existing) await repo.insertMembership(db, { community_id: communityId, account_id: accountId, role, status: "member" });
    else if (existing.role !== role || existing.status !== "member") await repo.updateMembership(db, communityId, accountId, { role, status: "member", request_message: null });
    return role;
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
  async managerEmails(communityId: string): Promise<{ community: repo.CommunityRow; managers: { email: string; locale: string | null }[] } | null> {
    const community = await repo.findCommunityById(this.db, communityId);
    if (!community) return null;
    return { community, managers: await repo.managerEmails(this.db, communityId) };
  }
}

export type { CrisisHelpView } from "./communities.presenter.ts";

/** A community a guest may sign up and join in one step: one they can see and that anyone may join (not the clinicians' network). */
export type JoinOnSignUp = { slug: string; name: string; joinPolicy: JoinPolicy };
