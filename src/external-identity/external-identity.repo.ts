/**
 * Every query about external identities: sign-ins in progress, links to provider
 * accounts, and the profile fields and pictures drawn across onto personas.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { PictureContentType, ProfileField } from "../db/schema.ts";

export type LoginStateRow = {
  key_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  intent: "signin" | "link";
  account_id: string | null;
  expires_at: Date;
  consumed_at: Date | null;
  issuer: string | null;
  subject: string | null;
  claims: Record<string, unknown> | null;
};

const stateColumns = ["key_hash", "state", "nonce", "code_verifier", "intent", "account_id", "expires_at", "consumed_at", "issuer", "subject", "claims"] as const;

export async function insertLoginState(
  db: Db,
  row: { key_hash: string; state: string; nonce: string; code_verifier: string; intent: "signin" | "link"; account_id: string | null; expires_at: Date },
) {
  await db.insertInto("oidc_login_states").values(row).execute();
}

/** Forgets sign-ins that ran out of time a while ago. */
export async function deleteExpiredLoginStates(db: Db, before: Date) {
  await db.deleteFrom("oidc_login_states").where("expires_at", "<", before).execute();
}

export async function findLoginState(db: Db, keyHash: string): Promise<LoginStateRow | undefined> {
  return db.selectFrom("oidc_login_states").select(stateColumns).where("key_hash", "=", keyHash).executeTakeFirst();
}

/** Marks a sign-in as used, once: only the first caller gets the row back. */
export async function consumeLoginState(db: Db, keyHash: string, now: Date): Promise<LoginStateRow | undefined> {
  return db
    .updateTable("oidc_login_states")
    .set({ consumed_at: now })
    .where("key_hash", "=", keyHash)
    .where("consumed_at", "is", null)
    .where("expires_at", ">", now)
    .returning(stateColumns)
    .executeTakeFirst();
}

/** Keeps who the provider said this is, while the member decides what to do with it. */
export async function recordProviderAnswer(
  db: Db,
  keyHash: string,
  answer: { issuer: string; subject: string; claims: Record<string, unknown>; expires_at: Date },
) {
  await db
    .updateTable("oidc_login_states")
    .set({ issuer: answer.issuer, subject: answer.subject, claims: JSON.stringify(answer.claims), expires_at: answer.expires_at })
    .where("key_hash", "=", keyHash)
    .execute();
}

export async function bindLoginStateToAccount(db: Db, keyHash: string, accountId: string) {
  await db.updateTable("oidc_login_states").set({ account_id: accountId }).where("key_hash", "=", keyHash).execute();
}

export async function deleteLoginState(db: Db, keyHash: string) {
  await db.deleteFrom("oidc_login_states").where("key_hash", "=", keyHash).execute();
}

export type IdentityRow = { id: string; account_id: string; issuer: string; subject: string; created_at: Date };

export async function findIdentityBySubject(db: Db, issuer: string, subject: string): Promise<IdentityRow | undefined> {
  return db
    .selectFrom("external_identities")
    .select(["id", "account_id", "issuer", "subject", "created_at"])
    .where("issuer", "=", issuer)
    .where("subject", "=", subject)
    .executeTakeFirst();
}

export async function insertIdentity(db: Db, row: { id: string; account_id: string; issuer: string; subject: string }) {
  await db.insertInto("external_identities").values(row).execute();
}

export async function listIdentitiesOfAccount(db: Db, accountId: string): Promise<IdentityRow[]> {
  return db
    .selectFrom("external_identities")
    .select(["id", "account_id", "issuer", "subject", "created_at"])
    .where("account_id", "=", accountId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Removes a link of this account; the fields and pictures drawn from it go with it (on delete cascade). */
export async function deleteIdentity(db: Db, id: string, accountId: string): Promise<boolean> {
  const result = await db.deleteFrom("external_identities").where("id", "=", id).where("account_id", "=", accountId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export type FieldRow = { persona_id: string; field: ProfileField; value: string; source_identity_id: string };

export async function listFieldsDrawnFrom(db: Db, identityIds: string[]): Promise<FieldRow[]> {
  if (identityIds.length === 0) return [];
  return db
    .selectFrom("persona_profile_fields")
    .select(["persona_id", "field", "value", "source_identity_id"])
    .where("source_identity_id", "in", identityIds)
    .orderBy("field")
    .execute();
}

export async function listFieldsOfPersona(db: Db, personaId: string): Promise<FieldRow[]> {
  return db
    .selectFrom("persona_profile_fields")
    .select(["persona_id", "field", "value", "source_identity_id"])
    .where("persona_id", "=", personaId)
    .execute();
}

/** Sets what a persona shows for one field; a picture it showed before is dropped. */
export async function putField(db: Db, row: FieldRow) {
  const previous = await db
    .selectFrom("persona_profile_fields")
    .select("value")
    .where("persona_id", "=", row.persona_id)
    .where("field", "=", row.field)
    .executeTakeFirst();
  if (previous && row.field === "picture") await db.deleteFrom("persona_pictures").where("id", "=", previous.value).execute();
  await db
    .insertInto("persona_profile_fields")
    .values(row)
    .onConflict((oc) => oc.columns(["persona_id", "field"]).doUpdateSet({ value: row.value, source_identity_id: row.source_identity_id, created_at: sql`now()` }))
    .execute();
}

export async function insertPicture(db: Db, row: { id: string; source_identity_id: string; content_type: PictureContentType; bytes: Uint8Array }) {
  await db.insertInto("persona_pictures").values(row).execute();
}

/** A picture that a persona still shows (a picture no field points at is not served). */
export async function findShownPicture(db: Db, id: string): Promise<{ content_type: PictureContentType; bytes: Uint8Array } | undefined> {
  return db
    .selectFrom("persona_pictures")
    .innerJoin("persona_profile_fields", (join) =>
      join.onRef("persona_profile_fields.value", "=", "persona_pictures.id").on("persona_profile_fields.field", "=", "picture"),
    )
    .innerJoin("personas", "personas.id", "persona_profile_fields.persona_id")
    .select(["persona_pictures.content_type", "persona_pictures.bytes"])
    .where("persona_pictures.id", "=", id)
    .where("personas.status", "=", "active")
    .where("personas.kind", "!=", "anonymous_professional")
    .executeTakeFirst();
}
