/**
 * Who may do what in a community. Small, explicit functions that services call;
 * visibility.sql.ts holds the same reading rules as SQL for lists and search, and
 * a test keeps the two in step.
 */
import type { CommunityKind, CommunityVisibility, MembershipStatus, Role, SpaceVisibility } from "../db/schema.ts";
import type { Viewer } from "../shared/viewer.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { secondFactorAllows } from "../shared/second-factor.ts";

export type MembershipFacts = { role: Role; status: MembershipStatus } | null;
export type CommunityFacts = { visibility: CommunityVisibility };
export type SpaceFacts = { visibility: SpaceVisibility };

export const isMember = (m: MembershipFacts) => m?.status === "member";
export const isManager = (m: MembershipFacts) => isMember(m) && (m!.role === "owner" || m!.role === "moderator");
export const isOwner = (m: MembershipFacts) => isMember(m) && m!.role === "owner";

/**
 * Whether a manager's extra reads are open to the viewer: a carers' space, hidden
 * words. Under HEARTH_REQUIRE_2FA a moderator without two-step sign-in reads as a
 * plain member until it is on (ADR 23); visibility.sql.ts asks the same.
 */
export function readsAsModerator(viewer: Viewer, membership: MembershipFacts): boolean {
  return isManager(membership) && secondFactorAllows(viewer);
}

/** Hidden communities exist only for their members (and pending applicants who know of them). */
export function canSeeCommunity(community: CommunityFacts, membership: MembershipFacts): boolean {
  return community.visibility !== "hidden" || membership !== null;
}

/** Reading a space: the community's visibility first, then the space's audience. */
export function canReadSpace(viewer: Viewer, community: CommunityFacts, space: SpaceFacts, membership: MembershipFacts): boolean {
  const member = isMember(membership);
  const clinician = isSignedIn(viewer) && viewer.isVerifiedClinician;
  switch (space.visibility) {
    case "public":
      return community.visibility === "public" || member;
    case "members":
      return member;
    case "carers":
      // People who look after someone, and the community's moderators who keep the space safe.
      return member && ((isSignedIn(viewer) && viewer.isCarer) || readsAsModerator(viewer, membership));
    case "clinicians":
      return clinician && (community.visibility === "public" || member);
  }
}

/** Writing needs a full membership on top of being able to read. */
export function canPostInSpace(viewer: Viewer, community: CommunityFacts, space: SpaceFacts, membership: MembershipFacts): boolean {
  return isSignedIn(viewer) && isMember(membership) && canReadSpace(viewer, community, space, membership);
}

export function canManageCommunity(membership: MembershipFacts): boolean {
  return isManager(membership);
}

export function canCreateCommunity(viewer: Viewer, setting: "members" | "admins"): boolean {
  return isSignedIn(viewer) && (setting === "members" || viewer.isAdmin);
}

/** The clinicians' network is a community of practice: only verified clinicians join it. */
export function canJoinCommunity(viewer: Viewer, community: { kind: CommunityKind }): boolean {
  return community.kind !== "clinician_network" || (isSignedIn(viewer) && viewer.isVerifiedClinician);
}

/** Every space of the clinicians' network is for verified clinicians only. */
export function allowsSpaceVisibility(community: { kind: CommunityKind }, visibility: SpaceVisibility): boolean {
  return community.kind !== "clinician_network" || visibility === "clinicians";
}
