/** The shapes in which communities, charters, spaces and members leave the server. */
import type { Charter } from "../db/schema.ts";
import type { MembershipFacts } from "./communities.policy.ts";
import type { CommunityRow, SpaceRow } from "./communities.repo.ts";
import { presentPersona, type PersonaRow, type PersonaView } from "../personas/persona.presenter.ts";

export type SpaceView = {
  id: string;
  slug: string;
  name: string;
  description: string;
  visibility: SpaceRow["visibility"];
  audience: string;
  /** For a clinicians' network space: the patient community it supports. */
  pairedCommunity?: { slug: string; name: string };
};

/** A clinicians' network space that supports a patient community (the "dumbbell"). */
export type PairedClinicianSpaceView = { community: { slug: string; name: string }; space: { slug: string; name: string }; audience: string };

export type CommunityView = {
  id: string;
  slug: string;
  name: string;
  purpose: string;
  visibility: CommunityRow["visibility"];
  joinPolicy: CommunityRow["join_policy"];
  isDemo: boolean;
  /** "clinician_network" for the server's clinicians' network. */
  kind: CommunityRow["kind"];
  charter: Charter;
  memberCount?: number;
  myMembership: { role: string; status: string } | null;
  spaces?: SpaceView[];
  /** Spaces of the clinicians' network paired with this community; only verified clinicians can read them. */
  pairedClinicianSpaces?: PairedClinicianSpaceView[];
  /** Who runs the community: its owners and moderators, by their personal persona. */
  stewards?: { persona: PersonaView; role: string }[];
  createdAt: string;
  updatedAt: string;
};

/** Says plainly who can read what is written in a space. */
export function audienceOf(community: Pick<CommunityRow, "name" | "visibility">, space: Pick<SpaceRow, "visibility">): string {
  switch (space.visibility) {
    case "public":
      return community.visibility === "public" ? "Anyone on the internet can read this." : `Only members of ${community.name} can read this.`;
    case "members":
      return `Only members of ${community.name} can read this.`;
    case "carers":
      return `Only members of ${community.name} who look after someone (carers), and its moderators, can read this.`;
    case "clinicians":
      return "Only verified clinicians can read this.";
  }
}

export function presentSpace(community: Pick<CommunityRow, "name" | "visibility">, space: SpaceRow): SpaceView {
  return {
    id: space.id,
    slug: space.slug,
    name: space.name,
    description: space.description,
    visibility: space.visibility,
    audience: audienceOf(community, space),
    ...(space.paired_slug && space.paired_name ? { pairedCommunity: { slug: space.paired_slug, name: space.paired_name } } : {}),
  };
}

/** The paired spaces for a patient community's view; nothing when there are none. */
export function presentPairedSpaces(
  rows: { space_slug: string; space_name: string; community_slug: string; community_name: string }[],
): { pairedClinicianSpaces?: PairedClinicianSpaceView[] } {
  if (rows.length === 0) return {};
  return {
    pairedClinicianSpaces: rows.map((r) => ({
      community: { slug: r.community_slug, name: r.community_name },
      space: { slug: r.space_slug, name: r.space_name },
      audience: audienceOf({ name: r.community_name, visibility: "public" }, { visibility: "clinicians" }),
    })),
  };
}

export type StewardRow = { role: string; persona_id: string } & Omit<PersonaRow, "id">;

export function presentCommunity(
  row: CommunityRow & { member_count?: number },
  membership: MembershipFacts,
  spaces?: SpaceRow[],
  stewards?: StewardRow[],
): CommunityView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    purpose: row.purpose,
    visibility: row.visibility,
    joinPolicy: row.join_policy,
    isDemo: row.is_demo,
    kind: row.kind,
    charter: row.charter,
    ...(row.member_count !== undefined ? { memberCount: Number(row.member_count) } : {}),
    myMembership: membership ? { role: membership.role, status: membership.status } : null,
    ...(spaces ? { spaces: spaces.map((s) => presentSpace(row, s)) } : {}),
    ...(stewards ? { stewards: stewards.map((s) => ({ role: s.role, persona: presentPersona({ ...s, id: s.persona_id }) })) } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export type MemberView = { persona: PersonaView; role: string; status: string; since: string };

export function presentMember(row: { role: string; status: string; created_at: Date; persona_id: string } & Omit<PersonaRow, "id">): MemberView {
  return {
    persona: presentPersona({ ...row, id: row.persona_id }),
    role: row.role,
    status: row.status,
    since: row.created_at.toISOString().slice(0, 10),
  };
}
