/** Every query about personas as such (creating, listing, showing one); never the account behind it. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { PersonaKind } from "../db/schema.ts";

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
  /** A renamed professional persona waits for a reviewer from then; its badge is paused. */
  name_review_since: Date | null;
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
  "name_review_since",
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
  return db.selectFrom("personas").select(columns).where("account_id", "=", accountId).where("status", "=", "active").orderBy(sql`coalesce(claimed_at, created_at)`).orderBy("id").execute();
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
  patch: {
    display_name?: string;
    is_carer?: boolean;
    accepts_patient_messages?: boolean;
    availability?: string | null;
    capacity?: string | null;
    verified_until?: Date | null;
    name_review_since?: Date | null;
  },
) {
  await db.updateTable("personas").set(patch).where("id", "=", id).execute();
}

/**
 * Carries a (re-)verification onto the account's professional persona: its date and its words
 * are the verification's, and the name it shows now is confirmed (the reviewer saw it).
 */
export async function extendProfessionalPersona(db: Db, accountId: string, until: Date, specialty: string) {
  await db
    .updateTable("personas")
    .set({ verified_until: until, specialty, name_review_since: null })
    .where("account_id", "=", accountId)
    .where("kind", "=", "professional")
    .execute();
}

/** A reviewer confirmed the professional persona's new name: its badge holds again until the verification's date. */
export async function confirmProfessionalName(db: Db, accountId: string, until: Date) {
  await db
    .updateTable("personas")
    .set({ verified_until: until, name_review_since: null })
    .where("account_id", "=", accountId)
    .where("kind", "=", "professional")
    .where("name_review_since", "is not", null)
    .execute();
}

/** The account's anonymous clinician persona, with its own badge window and capacity, locked for the renewal. */
export async function findAnonymousPersonaForUpdate(db: Db, accountId: string) {
  return db
    .selectFrom("personas")
    .select(["id", "capacity", "verified_from", "verified_until"])
    .where("account_id", "=", accountId)
    .where("kind", "=", "anonymous_professional")
    .where("status", "=", "active")
    .forUpdate()
    .executeTakeFirst();
}

/** The capacity (vocabulary key) the account's anonymous clinician persona shows, if it has one. */
export async function anonymousCapacityOf(db: Db, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom("personas")
    .select("capacity")
    .where("account_id", "=", accountId)
    .where("kind", "=", "anonymous_professional")
    .where("status", "=", "active")
    .executeTakeFirst();
  return row?.capacity ?? null;
}

/** Sets an anonymous persona's own badge window (ADR 20). */
export async function setPersonaWindow(db: Db, personaId: string, window: { verified_from: Date | null; verified_until: Date }) {
  await db.updateTable("personas").set(window).where("id", "=", personaId).execute();
}

/** Names of other accounts' professional personas: a new name may not pass for one of them. */
export async function professionalNamesOfOthers(db: Db, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("personas")
    .select("display_name")
    .where("kind", "=", "professional")
    .where("status", "=", "active")
    .where("account_id", "<>", accountId)
    .execute();
  return rows.map((r) => r.display_name);
}
