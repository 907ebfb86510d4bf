/** Every query about accounts, their personas and their sessions. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { PersonaKind } from "../db/schema.ts";
import { holdsPrivilegedRoleSql, secondFactorActiveSql } from "../db/second-factor.sql.ts";

export async function findAccountByUsername(db: Db, username: string) {
  return db
    .selectFrom("accounts")
    .selectAll()
    .where(sql`lower(username)`, "=", username.toLowerCase())
    .executeTakeFirst();
}

export async function insertAccount(
  db: Db,
  row: { id: string; username: string; email: string | null; password_hash: string; is_admin?: boolean },
) {
  await db.insertInto("accounts").values(row).execute();
}

/** An active account's row, by id (the password hash included: for checking it, never for showing). */
export async function findActiveAccountRow(db: Db, accountId: string) {
  return db.selectFrom("accounts").selectAll().where("id", "=", accountId).where("status", "=", "active").executeTakeFirst();
}

export async function setPasswordHash(db: Db, accountId: string, passwordHash: string) {
  await db.updateTable("accounts").set({ password_hash: passwordHash }).where("id", "=", accountId).execute();
}

export async function setLocale(db: Db, accountId: string, locale: string | null) {
  await db.updateTable("accounts").set({ locale }).where("id", "=", accountId).execute();
}

export async function setAdmin(db: Db, accountId: string) {
  await db.updateTable("accounts").set({ is_admin: true }).where("id", "=", accountId).execute();
}

export async function insertSession(db: Db, row: { token_hash: string; account_id: string; expires_at: Date }) {
  await db.insertInto("sessions").values(row).execute();
}

export async function deleteSession(db: Db, tokenHash: string) {
  await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).execute();
}

export type SessionAccount = {
  id: string;
  username: string;
  is_admin: boolean;
  is_verifier: boolean;
  locale: string | null;
  is_verified_clinician: boolean;
  /** Two-step sign-in is on. */
  second_factor_active: boolean;
  /** Admin, verifier, verified clinician, or owner or moderator of a community (see second-factor.repo.ts). */
  holds_privileged_role: boolean;
  personas: { id: string; kind: PersonaKind; display_name: string; is_carer: boolean; specialty: string | null;
    capacity: string | null;
    verified_until: string | null;
    verified_from: string | null;
  }[];
};

function accountWithPersonas(db: Db) {
  return db
    .selectFrom("accounts")
    .select([
      "accounts.id",
      "accounts.username",
      "accounts.is_admin",
      "accounts.is_verifier",
      "accounts.locale",
      sql<SessionAccount["personas"]>`(
        select coalesce(json_agg(json_build_object('id', p.id, 'kind', p.kind, 'display_name', p.display_name,
          'is_carer', p.is_carer, 'specialty', p.specialty, 'capacity', p.capacity,
          'verified_until', p.verified_until, 'verified_from', p.verified_from) order by coalesce(p.claimed_at, p.created_at), p.id), '[]'::json)
        from personas p where p.account_id = accounts.id and p.status = 'active')`.as("personas"),
      sql<boolean>`exists (select 1 from clinician_verifications v where v.account_id = accounts.id
        and v.status = 'approved' and v.expires_at > now())`.as("is_verified_clinician"),
      secondFactorActiveSql(sql.ref("accounts.id")).as("second_factor_active"),
      holdsPrivilegedRoleSql(sql.ref("accounts.id")).as("holds_privileged_role"),
    ])
    .where("accounts.status", "=", "active");
}

/** The active account behind an unexpired session, with its personas, in one round trip. */
export async function findSessionAccount(db: Db, tokenHash: string): Promise<SessionAccount | undefined> {
  return accountWithPersonas(db)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("sessions")
          .select("sessions.token_hash")
          .whereRef("sessions.account_id", "=", "accounts.id")
          .where("sessions.token_hash", "=", tokenHash)
          .where("sessions.expires_at", ">", new Date()),
      ),
    )
    .executeTakeFirst();
}

/** An active account with its personas, by id. */
export async function findActiveAccount(db: Db, accountId: string): Promise<SessionAccount | undefined> {
  return accountWithPersonas(db).where("accounts.id", "=", accountId).executeTakeFirst();
}

/** The active accounts among these ids, each with its personas, in one round trip (the others are left out). */
export async function findActiveAccounts(db: Db, accountIds: string[]): Promise<SessionAccount[]> {
  if (accountIds.length === 0) return [];
  return accountWithPersonas(db).where("accounts.id", "in", accountIds).execute();
}
