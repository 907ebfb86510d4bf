/**
 * The columns of a persona that features' queries join in for the persona presenter
 * (a post's author, a member in a list, an audit entry's actor): never the account
 * behind it. Shared SQL, not a feature, so any repository may join a persona without
 * reaching into the personas feature.
 */
import { sql } from "kysely";
import type { PersonaKind } from "./schema.ts";

/** What the persona presenter shows of a persona joined into another row, besides its id. */
type PersonaFace = { kind: PersonaKind; name: string; is_carer: boolean; specialty: string | null; capacity: string | null; verified_until: Date | null; verified_from: Date | null };

/** A joined persona's columns as `<prefix>_kind`, `<prefix>_name` (its display name), `<prefix>_is_carer`, `<prefix>_specialty`, `<prefix>_capacity`, `<prefix>_verified_until`, `<prefix>_verified_from`. */
export type PersonaColumns<P extends string> = { [K in keyof PersonaFace as `${P}_${K}`]: PersonaFace[K] };

/** A row written by a persona: its id and its author_* columns (a thread, a post, a search hit). */
export type AuthorColumns = { author_persona_id: string } & PersonaColumns<"author">;

/** Selects PersonaColumns<P> from the persona joined as `alias` (its id is selected by the caller, named as the row needs). */
export function personaColumns<A extends string, P extends string>(alias: A, prefix: P) {
  return [
    `${alias}.kind as ${prefix}_kind`,
    `${alias}.display_name as ${prefix}_name`,
    `${alias}.is_carer as ${prefix}_is_carer`,
    `${alias}.specialty as ${prefix}_specialty`,
    `${alias}.capacity as ${prefix}_capacity`,
    `${alias}.verified_until as ${prefix}_verified_until`,
    `${alias}.verified_from as ${prefix}_verified_from`,
  ] as const;
}

/** A joined persona as one JSON value, with the persona's own column names (dates as JSON text). */
export type PersonaJson = {
  id: string;
  kind: PersonaKind;
  display_name: string;
  is_carer: boolean;
  specialty: string | null;
  capacity: string | null;
  verified_until: string | null;
  verified_from: string | null;
};

/** Selects the persona joined as `alias` as one PersonaJson value. */
export const personaJson = (alias: string) =>
  sql<PersonaJson>`json_build_object('id', ${sql.ref(`${alias}.id`)}, 'kind', ${sql.ref(`${alias}.kind`)},
    'display_name', ${sql.ref(`${alias}.display_name`)}, 'is_carer', ${sql.ref(`${alias}.is_carer`)},
    'specialty', ${sql.ref(`${alias}.specialty`)}, 'capacity', ${sql.ref(`${alias}.capacity`)},
    'verified_until', ${sql.ref(`${alias}.verified_until`)}, 'verified_from', ${sql.ref(`${alias}.verified_from`)})`;
