/**
 * What a community, a space or a join request may say: the checks of their fields, each
 * throwing a 400 for its field, and the choices they may take. Used by the communities
 * service, which checks every field before it looks anything up.
 */
import type { CommunityVisibility, JoinPolicy, SpaceVisibility } from "../db/schema.ts";
import { conflict, invalid } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { LIMITS } from "../shared/limits.ts";
import { checkSafeText, normaliseName } from "../shared/text.ts";

export const SLUG_PATTERN = `^[a-z0-9](?:[a-z0-9-]{1,${LIMITS.slug - 2}}[a-z0-9])$`;
export const COMMUNITY_VISIBILITIES: readonly CommunityVisibility[] = ["public", "members", "hidden"];
export const JOIN_POLICIES: readonly JoinPolicy[] = ["open", "approval"];
export const SPACE_VISIBILITIES: readonly SpaceVisibility[] = ["public", "members", "carers", "clinicians"];
export const RESERVED_SLUGS = new Set(["new", "api", "admin", "assets", "search", "signin", "signup", "settings", "me", "clinicians-network"]);

/** Who reads a new community's first space ("General"). */
export type FirstSpaceVisibility = "public" | "members";
export const FIRST_SPACE_VISIBILITIES: readonly FirstSpaceVisibility[] = ["public", "members"];

export function joinMessage(value: string | undefined): string | null {
  const message = checkSafeText("message", value ?? "").trim();
  if (message.length > LIMITS.joinMessage) throw invalid("message", msg("problem.keepUnder", { max: String(LIMITS.joinMessage) }));
  return message || null;
}

export function checkSlug(slug: string, field = "slug") {
  if (!new RegExp(SLUG_PATTERN).test(slug)) {
    throw invalid(field, msg("problem.community.slugPattern"));
  }
  if (RESERVED_SLUGS.has(slug)) throw invalid(field, msg("problem.community.slugReserved", { slug }));
}

export function oneOf<T extends string>(field: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw invalid(field, msg("problem.chooseOneOf", { allowed: allowed.join(", ") }));
  return value;
}

export function spaceDescription(value: string | undefined): string {
  const description = checkSafeText("description", value ?? "").trim();
  if (description.length > LIMITS.spaceDescription) throw invalid("description", msg("problem.keepUnder", { max: String(LIMITS.spaceDescription) }));
  return description;
}

export function communityName(value: string): string {
  return normaliseName("name", value, { max: LIMITS.communityName, empty: msg("problem.empty") });
}

export function purposeText(value: string): string {
  const trimmed = checkSafeText("purpose", value).trim();
  if (!trimmed) throw invalid("purpose", msg("problem.empty"));
  if (trimmed.length > LIMITS.purpose) throw invalid("purpose", msg("problem.keepUnder", { max: String(LIMITS.purpose) }));
  return trimmed;
}

export function slugTaken() {
  return conflict("slug_taken", msg("error.community.slugTaken"), "slug");
}
