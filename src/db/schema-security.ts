/** The tables of signing in and linked identities: server secrets, OIDC states and identities, persona pictures and shared fields, second factors, recovery codes, account tokens and pending sign-ins. */
import type { ColumnType, Generated } from "kysely";
import type { Optional, RequiredTimestamp, Timestamp } from "./schema-columns.ts";

/** A secret the server made for itself, such as the CSRF root key (migrations/0009). Never leaves the server. */
export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: Generated<Date>;
}

/** A sign-in or link with the OpenID Connect provider in progress (migrations/0005). */
export interface OidcLoginStatesTable {
  key_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  intent: "signin" | "link";
  account_id: Optional<string>;
  expires_at: RequiredTimestamp;
  consumed_at: Optional<Date>;
  issuer: Optional<string>;
  subject: Optional<string>;
  claims: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface ExternalIdentitiesTable {
  id: string;
  account_id: string;
  issuer: string;
  subject: string;
  created_at: Timestamp;
}

export type PictureContentType = "image/png" | "image/jpeg" | "image/webp" | "image/gif";

export interface PersonaPicturesTable {
  id: string;
  source_identity_id: string;
  content_type: PictureContentType;
  bytes: Uint8Array;
  created_at: Timestamp;
}

export type ProfileField = "name" | "picture" | "profile_link";

export interface PersonaProfileFieldsTable {
  persona_id: string;
  field: ProfileField;
  value: string;
  source_identity_id: string;
  created_at: Timestamp;
}

/** Two-step sign-in of an account (migrations/0004). */
export interface SecondFactorsTable {
  account_id: string;
  secret: Optional<string>;
  pending_secret: Optional<string>;
  /** The last TOTP time step accepted (seconds since 1970 / 30; fits an integer until the year 4000). */
  last_used_step: Optional<number>;
  enabled_at: Optional<Date>;
  created_at: Timestamp;
}

export interface RecoveryCodesTable {
  account_id: string;
  code_hash: string;
  used_at: Optional<Date>;
}

/** Password reset and email verification links, kept as the SHA-256 of their token (migrations/0012). */
export interface AccountTokensTable {
  token_hash: string;
  account_id: string;
  purpose: "password_reset" | "email_verification";
  email: Optional<string>;
  expires_at: RequiredTimestamp;
  used_at: Optional<Date>;
  created_at: Timestamp;
}

/** Codes that reset the password, one use each (migrations/0012; not the two-step sign-in ones). */
export interface PasswordRecoveryCodesTable {
  account_id: string;
  code_hash: string;
  used_at: Optional<Date>;
  created_at: Timestamp;
}

export interface PendingSignInsTable {
  token_hash: string;
  account_id: string;
  attempts: Generated<number>;
  expires_at: RequiredTimestamp;
  created_at: Timestamp;
}
