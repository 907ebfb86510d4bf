/**
 * The append-only audit log: inserts and reads only. The database itself refuses
 * UPDATE, DELETE and TRUNCATE on the table (migrations/0003_moderation.sql).
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { Position } from "../shared/cursor.ts";
import { dayTimestamp } from "../db/keyset.ts";
import { personaColumns } from "../db/persona-columns.ts";
import type { TargetPersonaColumns } from "./moderation.repo.ts";

export type AuditAction =
  | "break_glass.requested"
  | "break_glass.approved"
  | "break_glass.rejected"
  | "break_glass.revealed"
  | "moderation.hide"
  | "moderation.unhide"
  | "moderation.warn"
  | "moderation.suspend"
  | "moderation.unsuspend"
  | "moderation.ban";

/** What an entry records. Ids only where a name could change; reasons as written. */
export type AuditDetail = {
  personaId?: string;
  requestId?: string;
  communityId?: string;
  actionId?: string;
  targetType?: string;
  targetId?: string;
  reason?: string | null;
  until?: string | null;
};

export async function insertAuditEntry(
  db: Db,
  row: { id: string; subject_account_id: string; actor_account_id: string | null; action: AuditAction; detail: AuditDetail },
) {
  await db
    .insertInto("audit_log")
    .values({ ...row, detail: JSON.stringify(row.detail) })
    .execute();
}

/** The persona an entry names, if any (left-joined: every column may be null). */
type NamedPersonaColumns = { [K in keyof TargetPersonaColumns]: TargetPersonaColumns[K] | null };

export type AuditRow = NamedPersonaColumns & {
  id: string;
  action: AuditAction;
  detail: AuditDetail;
  created_at: Date;
  cursor_at: string;
  actor_name: string | null;
  community_slug: string | null;
  community_name: string | null;
};

function auditEntries(db: Db) {
  return db
    .selectFrom("audit_log as l")
    .leftJoin("accounts as a", "a.id", "l.actor_account_id")
    .leftJoin("communities as c", (join) => join.on(sql<boolean>`c.id = l.detail->>'communityId'`))
    .leftJoin("personas as p", (join) => join.on(sql<boolean>`p.id = l.detail->>'personaId'`))
    .select([
      "l.id",
      "l.action",
      "l.detail",
      "l.created_at",
      // Days only, as the public moderation log: the cursor must not carry the time of day a moderation entry hides.
      dayTimestamp("l.created_at").as("cursor_at"),
      // An administrator is named by their personal persona, as everyone else sees them; never by username.
      sql<string | null>`(select ap.display_name from personas ap where ap.account_id = a.id and ap.kind = 'personal' order by ap.created_at limit 1)`.as("actor_name"),
      "c.slug as community_slug",
      "c.name as community_name",
      "p.id as persona_id",
      ...personaColumns("p", "persona"),
    ]);
}

/** The entries about one account, newest first, with names for the ids they hold. */
export async function listAuditOfSubject(db: Db, accountId: string, after: Position | null, limit: number): Promise<AuditRow[]> {
  let query = auditEntries(db)
    .where("l.subject_account_id", "=", accountId)
    .orderBy("l.created_at", "desc")
    .orderBy("l.id", "desc")
    .limit(limit + 1);
  // The place is found from the entry the cursor names, and only among this account's own entries.
  if (after) {
    query = query.where(
      sql<boolean>`(l.created_at, l.id) < (select e.created_at, e.id from audit_log e where e.id = ${after.id} and e.subject_account_id = ${accountId})`,
    );
  }
  return query.execute() as unknown as Promise<AuditRow[]>;
}

/**
 * Every entry on the server, newest first, for administrators: the same columns as a
 * member's own view (the persona an entry names, never the account it is about).
 */
export async function listAllAudit(db: Db, after: Position | null, limit: number): Promise<AuditRow[]> {
  let query = auditEntries(db).orderBy("l.created_at", "desc").orderBy("l.id", "desc").limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(l.created_at, l.id) < (select e.created_at, e.id from audit_log e where e.id = ${after.id})`);
  return query.execute() as unknown as Promise<AuditRow[]>;
}
