/** Every query about break-glass requests (revealing the account behind a persona). */
import type { Db } from "../db/connection.ts";
import { personaColumns } from "../db/persona-columns.ts";
import type { TargetPersonaColumns } from "./moderation.repo.ts";

export type BreakGlassStatus = "pending" | "approved" | "rejected";

export type BreakGlassRow = TargetPersonaColumns & {
  id: string;
  requester_account_id: string;
  reason: string;
  status: BreakGlassStatus;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  created_at: Date;
  requester_username: string;
  decider_username: string | null;
  /** The account behind the persona: only the presenter for an approved requester reads these. */
  subject_account_id: string;
  subject_username: string;
};

function requests(db: Db) {
  return db
    .selectFrom("break_glass_requests as r")
    .innerJoin("accounts as req", "req.id", "r.requester_account_id")
    .leftJoin("accounts as dec", "dec.id", "r.decided_by")
    .innerJoin("personas as p", "p.id", "r.persona_id")
    .innerJoin("accounts as subj", "subj.id", "p.account_id")
    .select([
      "r.id",
      "r.persona_id",
      "r.requester_account_id",
      "r.reason",
      "r.status",
      "r.decided_by",
      "r.decided_at",
      "r.decision_reason",
      "r.created_at",
      "req.username as requester_username",
      "dec.username as decider_username",
      ...personaColumns("p", "persona"),
      "subj.id as subject_account_id",
      "subj.username as subject_username",
    ]);
}

export async function findRequest(db: Db, id: string): Promise<BreakGlassRow | undefined> {
  return requests(db).where("r.id", "=", id).executeTakeFirst();
}

/** Locks the request so two administrators deciding at once cannot both succeed. */
export async function lockRequest(db: Db, id: string): Promise<{ id: string; status: BreakGlassStatus } | undefined> {
  return db.selectFrom("break_glass_requests").select(["id", "status"]).where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function listRequests(db: Db, status: BreakGlassStatus, limit: number): Promise<BreakGlassRow[]> {
  return requests(db).where("r.status", "=", status).orderBy("r.created_at", status === "pending" ? "asc" : "desc").limit(limit).execute();
}

export async function insertRequest(db: Db, row: { id: string; persona_id: string; requester_account_id: string; reason: string }) {
  await db.insertInto("break_glass_requests").values(row).execute();
}

export async function decideRequest(db: Db, id: string, decision: { status: "approved" | "rejected"; decided_by: string; decision_reason: string | null }) {
  await db
    .updateTable("break_glass_requests")
    .set({ ...decision, decided_at: new Date() })
    .where("id", "=", id)
    .execute();
}

/** The active administrators' accounts (those who might decide a request), never sent out. */
export async function listAdminAccountIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("accounts").select("id").where("is_admin", "=", true).where("status", "=", "active").execute();
  return rows.map((r) => r.id);
}
