/**
 * How linked accounts and drawn profile fields leave the server. A persona's public
 * profile carries only the fields its owner chose, never the link, the provider's
 * subject id or the account; the list of links is for its owner alone.
 */
import type { PersonaKind, ProfileField } from "../db/schema.ts";
import type { FieldRow, IdentityRow } from "./external-identity.repo.ts";

/** What a persona shows from a linked account on its public profile. */
export type { PersonaProfile } from "../personas/persona.presenter.ts";
import type { PersonaProfile } from "../personas/persona.presenter.ts";

/** The address Hearth serves a drawn picture from (its own, never the provider's). */
export const pictureUrl = (pictureId: string) => `/assets/persona-pictures/${pictureId}`;

/** The public profile of a persona, or undefined when it shows nothing drawn from elsewhere. */
export function presentProfile(kind: PersonaKind, rows: Pick<FieldRow, "field" | "value">[]): PersonaProfile | undefined {
  // An anonymous clinician persona must never carry anything from a named account.
  if (kind === "anonymous_professional" || rows.length === 0) return undefined;
  const profile: PersonaProfile = {};
  for (const row of rows) {
    if (row.field === "name") profile.name = row.value;
    else if (row.field === "picture") profile.pictureUrl = pictureUrl(row.value);
    else if (row.field === "profile_link") profile.profileLink = row.value;
  }
  return profile;
}

export type LinkedAccountView = {
  id: string;
  providerName: string;
  /** The provider's id for the member; only ever shown to the member who owns the link. */
  subject: string;
  /** The day it was linked (a day, not a time, so it cannot be matched with other activity). */
  linkedAt: string;
  /** What is drawn across and where: for a picture, the address Hearth serves its copy from. */
  fields: { field: ProfileField; personaId: string; value: string }[];
};

const FIELD_ORDER: ProfileField[] = ["name", "picture", "profile_link"];

/** One link, for its owner. */
export function presentLinkedAccount(identity: IdentityRow, fields: FieldRow[], providerName: string): LinkedAccountView {
  return {
    id: identity.id,
    providerName,
    subject: identity.subject,
    linkedAt: identity.created_at.toISOString().slice(0, 10),
    fields: fields
      .filter((f) => f.source_identity_id === identity.id)
      .sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field))
      .map((f) => ({ field: f.field, personaId: f.persona_id, value: f.field === "picture" ? pictureUrl(f.value) : f.value })),
  };
}
