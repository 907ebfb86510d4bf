/**
 * Membership of a community: joining (or asking to), leaving, and what its managers do with
 * members and requests to join. The service is the door and passes in how it reads the viewer's
 * access, as for spaces (spaces.ts), so the visibility rule stays written once.
 */
import type { Db } from "../db/connection.ts";
import type { Role } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { AppError, conflict, forbidden, notFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId } from "../shared/ids.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as policy from "./communities.policy.ts";
import { presentMember, type MemberView } from "./communities.presenter.ts";
import * as repo from "./communities.repo.ts";
import { joinMessage } from "./community-input.ts";
import type { AccessOf } from "./spaces.ts";

/**
 * Joins at once, or asks to join where the community approves its members; `message`
 * goes with a request to join, for the managers only (ignored where nobody approves).
 */
export async function join(db: Db, events: EventBus, accessOf: AccessOf, viewer: Viewer, slug: string, options: { message?: string } = {}): Promise<{ status: "member" | "pending"; created: boolean }> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  const message = joinMessage(options.message);
  return db.transaction().execute(async (trx) => {
    const { community, membership } = await accessOf(viewer, slug, trx);
    if (membership) return { status: membership.status, created: false };
    if (!policy.canJoinCommunity(viewer, community)) {
      throw forbidden(msg("error.community.networkCliniciansOnly"));
    }
    // A hidden community is not seen by non-members, so nobody outside can ask to join it.
    const status = community.join_policy === "approval" ? "pending" : "member";
    await repo.insertMembership(trx, {
      community_id: community.id,
      account_id: viewer.accountId,
      role: "member",
      status,
      request_message: status === "pending" ? message : null,
    });
    await events.publish(trx, {
      type: status === "member" ? "membership.joined" : "membership.requested",
      communityId: community.id,
      accountId: viewer.accountId,
    });
    return { status, created: true };
  });
}

export async function leave(db: Db, events: EventBus, accessOf: AccessOf, viewer: Viewer, slug: string): Promise<void> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  await db.transaction().execute(async (trx) => {
    const { community, membership } = await accessOf(viewer, slug, trx);
    if (!membership) throw new AppError("not_a_member", 409, msg("error.community.notAMember"));
    if (policy.isOwner(membership) && (await repo.countOwners(trx, community.id)) <= 1) {
      throw conflict("last_owner", msg("error.community.lastOwnerLeave"));
    }
    await repo.deleteMembership(trx, community.id, viewer.accountId);
    await events.publish(trx, { type: "membership.left", communityId: community.id, accountId: viewer.accountId });
  });
}

export async function listMembers(db: Db, accessOf: AccessOf, viewer: Viewer, slug: string, status: "member" | "pending", cursor: string | undefined, limit: number): Promise<Page<MemberView>> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  const { community, membership } = await accessOf(viewer, slug, db);
  if (!policy.canManageCommunity(membership)) throw forbidden(msg("error.community.membersManagersOnly"));
  requireSecondFactorFor(viewer); // members and requests to join are shown only because of the role (ADR 23)
  const rows = await repo.listMembers(db, community.id, status, decodeCursor(cursor), limit);
  return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.persona_id }), presentMember);
}

/** Approves or turns down a request to join, naming the applicant by their personal persona. */
export async function decide(db: Db, events: EventBus, accessOf: AccessOf, viewer: Viewer, slug: string, personaId: string, decision: "approve" | "reject"): Promise<{ status: "member" | "rejected" }> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  return db.transaction().execute(async (trx) => {
    const { community, membership } = await accessOf(viewer, slug, trx);
    if (!policy.canManageCommunity(membership)) throw forbidden(msg("error.community.joinRequestsManagersOnly"));
    requireSecondFactorFor(viewer);
    const accountId = isId(personaId) ? await repo.findMemberByFacePersona(trx, community.id, personaId) : undefined;
    const request = accountId ? await repo.findMembership(trx, community.id, accountId) : undefined;
    if (!accountId || request?.status !== "pending") throw notFound(msg("error.notFound.joinRequest"));
    if (decision === "reject") {
      await repo.deleteMembership(trx, community.id, accountId);
      await events.publish(trx, { type: "membership.request_decided", communityId: community.id, accountId, decision: "declined" });
      return { status: "rejected" as const };
    }
    await repo.updateMembership(trx, community.id, accountId, { status: "member", request_message: null });
    await events.publish(trx, { type: "membership.joined", communityId: community.id, accountId });
    await events.publish(trx, { type: "membership.request_decided", communityId: community.id, accountId, decision: "approved" });
    return { status: "member" as const };
  });
}

export async function setRole(db: Db, accessOf: AccessOf, viewer: Viewer, slug: string, personaId: string, role: Role): Promise<void> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  await db.transaction().execute(async (trx) => {
    const { community, membership } = await accessOf(viewer, slug, trx);
    if (!policy.isOwner(membership)) throw forbidden(msg("error.community.rolesOwnersOnly"));
    requireSecondFactorFor(viewer);
    const accountId = isId(personaId) ? await repo.findMemberByFacePersona(trx, community.id, personaId) : undefined;
    const target = accountId ? await repo.findMembership(trx, community.id, accountId) : undefined;
    if (!accountId || target?.status !== "member") throw notFound(msg("error.notFound.member"));
    if (target.role === "owner" && role !== "owner" && (await repo.countOwners(trx, community.id)) <= 1) {
      throw conflict("last_owner", msg("error.community.lastOwnerRole"));
    }
    await repo.updateMembership(trx, community.id, accountId, { role });
  });
}
