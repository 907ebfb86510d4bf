/** Every query about clinician verifications and verifiers. */
import type { Db } from "../db/connection.ts";
import type { ClinicalRegister } from "../db/schema.ts";

export type VerificationRow = {
  id: string;
  account_id: string;
  profession: string;
  register: ClinicalRegister;
  registration_number: string;
  specialty: string;
  evidence: string | null;
  status: "pending" | "approved" | "rejected";
  verifier: string;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  expires_at: Date | null;
  created_at: Date;
  /** The name as it appears on the register (null on applications made before it was asked). */
  register_name: string | null;
  /** An application, or the review of a renamed professional persona's name. */
  purpose: "application" | "name";
};

export async function insertVerification(
  db: Db,
  row: {
    id: string;
    account_id: string;
    profession: string;
    register: ClinicalRegister;
    registration_number: string;
    specialty: string;
    evidence: string | null;
    verifier: string;
    register_name?: string | null;
    purpose?: "application" | "name";
  },
) {
  await db.insertInto("clinician_verifications").values(row).execute();
}

export async function findVerification(db: Db, id: string): Promise<VerificationRow | undefined> {
  return db.selectFrom("clinician_verifications").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Locks the row so two verifiers deciding at once cannot both succeed. */
export async function findVerificationForUpdate(db: Db, id: string): Promise<VerificationRow | undefined> {
  return db.selectFrom("clinician_verifications").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

export async function hasPendingVerification(db: Db, accountId: string): Promise<boolean> {
  const row = await db.selectFrom("clinician_verifications").select("id").where("account_id", "=", accountId).where("status", "=", "pending").executeTakeFirst();
  return row !== undefined;
}

export async function listVerificationsOfAccount(db: Db, accountId: string): Promise<VerificationRow[]> {
  return db.selectFrom("clinician_verifications").selectAll().where("account_id", "=", accountId).orderBy("created_at", "desc").execute();
}

export async function listVerificationsByStatus(db: Db, status: VerificationRow["status"], limit: number) {
  return db
    .selectFrom("clinician_verifications as v")
    .innerJoin("accounts as a", "a.id", "v.account_id")
    .leftJoin("personas as pro", (join) => join.onRef("pro.account_id", "=", "v.account_id").on("pro.kind", "=", "professional").on("pro.status", "=", "active"))
    .selectAll("v")
    .select(["a.username as applicant_username", "pro.display_name as professional_name", "pro.name_review_since as professional_name_review_since"])
    .where("v.status", "=", status)
    .orderBy("v.created_at")
    .limit(limit)
    .execute();
}

export async function decideVerification(
  db: Db,
  id: string,
  decision: { status: "approved" | "rejected"; decided_by: string | null; reason: string | null; expires_at: Date | null },
) {
  await db
    .updateTable("clinician_verifications")
    .set({ ...decision, decided_at: new Date() })
    .where("id", "=", id)
    .execute();
}

/** The approved verification that holds longest, if any holds now. */
export async function currentVerification(db: Db, accountId: string): Promise<VerificationRow | undefined> {
  return db
    .selectFrom("clinician_verifications")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("status", "=", "approved")
    .where("expires_at", ">", new Date())
    .orderBy("expires_at", "desc")
    .executeTakeFirst();
}

export async function setVerifier(db: Db, accountId: string, isVerifier: boolean) {
  await db.updateTable("accounts").set({ is_verifier: isVerifier }).where("id", "=", accountId).execute();
}

/** The account's active professional persona, with its name and whether that name waits for review. */
export async function findProfessionalPersona(db: Db, accountId: string) {
  return db
    .selectFrom("personas")
    .select(["id", "display_name", "name_review_since"])
    .where("account_id", "=", accountId)
    .where("kind", "=", "professional")
    .where("status", "=", "active")
    .executeTakeFirst();
}

/** A professional persona with its account and whether its name waits for review (for opening a name review). */
export async function findPersonaForNameReview(db: Db, personaId: string) {
  return db
    .selectFrom("personas")
    .select(["id", "account_id", "name_review_since"])
    .where("id", "=", personaId)
    .where("kind", "=", "professional")
    .where("status", "=", "active")
    .executeTakeFirst();
}
