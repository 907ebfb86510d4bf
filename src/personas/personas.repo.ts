/**
 * Every query about personas as such (creating, listing, showing one), and the
 * columns of a persona that other features' queries join in for the persona
 * presenter: never the account behind it.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { PersonaKind } from "../db/schema.ts";

/** What the persona presenter shows of a persona joined into another row, besides its id. */
type PersonaFace = { kind: PersonaKind; name: string; is_carer: boolean; specialty: string | null; capacity: string | null; verified_until: Date | null; verified_from: Date | null };

/** A joined persona's columns as `<prefix>_kind`, `<prefix>_name` (its display name), `<prefix>_is_carer`, `<prefix>_specialty`, `<prefix>_capacity`, `<prefix>_verified_until`, `<prefix>_verified_from`. */
export type PersonaColumns<P extends string> = { [K in keyof PersonaFace as `${P}_${K}`]: PersonaFace[K] };

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

export type PersonaRecord = {
  id: string;
  account_id: string;
  kind: PersonaKind;
  display_name: string;
  is_carer: boolean;
  specialty: string | null;
  capacity: string | null;
  verified_until: Date | null;
  verified_from: Date | null;
  status: "active" | "retired";
  /** Boundaries of a clinician persona (personal personas keep the defaults). */
  accepts_patient_messages: boolean;
  availability: string | null;
};

const columns = [
  "id",
  "account_id",
  "kind",
  "display_name",
  "is_carer",
  "specialty",
  "capacity",
  "verified_until",
  "verified_from",
  "status",
  "accepts_patient_messages",
  "availability",
] as const;

export async function insertPersona(
  db: Db,
  row: {
    id: string;
    account_id: string;
    kind: PersonaKind;
    display_name: string;
    is_carer: boolean;
    specialty: string | null;
    verified_until: Date | null;
    capacity?: string | null;
    verified_from?: Date | null;
  },
) {
  await db.insertInto("personas").values(row).execute();
}

export async function listPersonasOfAccount(db: Db, accountId: string): Promise<PersonaRecord[]> {
  return db.selectFrom("personas").select(columns).where("account_id", "=", accountId).where("status", "=", "active").orderBy("created_at").execute();
}

export async function findPersona(db: Db, id: string): Promise<PersonaRecord | undefined> {
  return db.selectFrom("personas").select(columns).where("id", "=", id).where("status", "=", "active").executeTakeFirst();
}

export async function displayNameTaken(db: Db, displayName: string): Promise<boolean> {
  const row = await db
    .selectFrom("personas")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["display_name"]), "=", displayName.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

export async function updatePersona(
  db: Db,
  id: string,
  patch: { display_name?: string; is_carer?: boolean; accepts_patient_messages?: boolean; availability?: string | null; capacity?: string | null },
) {
  await db.updateTable("personas").set(patch).where("id", "=", id).execute();
}
