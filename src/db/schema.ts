/**
 * Table types for Kysely, kept by hand beside migrations/ (one interface a table).
 * Generated<T> marks columns the database fills in.
 */
import type { ColumnType, Generated } from "kysely";

/** A timestamp the database fills in when left out. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A column that may hold null and may be left out when inserting. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** A timestamp that must be given. */
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface AccountsTable {
  id: string;
  username: string;
  email: string | null;
  password_hash: string;
  is_admin: Generated<boolean>;
  is_verifier: Generated<boolean>;
  status: Generated<"active" | "suspended" | "deleted">;
  created_at: Timestamp;
}

export type PersonaKind = "personal" | "professional" | "anonymous_professional";

export interface PersonasTable {
  id: string;
  account_id: string;
  kind: PersonaKind;
  display_name: string;
  is_carer: Generated<boolean>;
  specialty: ColumnType<string | null, string | null | undefined, string | null>;
  verified_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  status: Generated<"active" | "retired">;
  created_at: Timestamp;
}

export type ClinicalRegister = "GMC" | "NMC" | "HCPC" | "GDC" | "GPhC" | "other";

export interface ClinicianVerificationsTable {
  id: string;
  account_id: string;
  profession: string;
  register: ClinicalRegister;
  registration_number: string;
  specialty: string;
  evidence: Optional<string>;
  status: Generated<"pending" | "approved" | "rejected">;
  verifier: Generated<string>;
  decided_by: Optional<string>;
  decided_at: Optional<Date>;
  reason: Optional<string>;
  expires_at: Optional<Date>;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  account_id: string;
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
}

export interface RateLimitWindowsTable {
  key: string;
  window_start: RequiredTimestamp;
  hits: number;
}

export interface MemberPreferencesTable {
  account_id: string;
  name: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

export interface ConsentsTable {
  id: string;
  account_id: string;
  purpose: string;
  granted: boolean;
  recorded_at: Timestamp;
}

export type CommunityVisibility = "public" | "members" | "hidden";
export type JoinPolicy = "open" | "approval";

export interface Charter {
  conditions: { name: string; code?: string; system?: "snomed-ct" | "icd-10" }[];
  rules: string[];
  funding: string;
  businessModel: string;
  dataUse: string;
  conflictsOfInterest: string;
}

export interface CommunitiesTable {
  id: string;
  slug: string;
  name: string;
  purpose: string;
  visibility: CommunityVisibility;
  join_policy: Generated<JoinPolicy>;
  charter: Json<Charter>;
  is_demo: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CharterRevisionsTable {
  id: string;
  community_id: string;
  editor_account_id: string | null;
  snapshot: Json<unknown>;
  created_at: Timestamp;
}

export type Role = "owner" | "moderator" | "member";
export type MembershipStatus = "member" | "pending";

export interface MembershipsTable {
  community_id: string;
  account_id: string;
  role: Generated<Role>;
  status: Generated<MembershipStatus>;
  created_at: Timestamp;
}

export type SpaceVisibility = "public" | "members" | "carers" | "clinicians";

export interface SpacesTable {
  id: string;
  community_id: string;
  slug: string;
  name: string;
  description: Generated<string>;
  visibility: SpaceVisibility;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface ThreadsTable {
  id: string;
  community_id: string;
  space_id: string;
  author_persona_id: string;
  title: string;
  reply_count: Generated<number>;
  created_at: Timestamp;
  last_posted_at: Timestamp;
  search: ColumnType<string, never, never>;
}

export interface PostsTable {
  id: string;
  community_id: string;
  thread_id: string;
  author_persona_id: string;
  body: string;
  html: string;
  created_at: Timestamp;
  edited_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  search: ColumnType<string, never, never>;
}

export interface PostRevisionsTable {
  id: string;
  community_id: string;
  post_id: string;
  body: string;
  created_at: Timestamp;
}

export type ReactionKind = "thanks" | "me_too" | "hug" | "helpful";

export interface ReactionsTable {
  community_id: string;
  post_id: string;
  persona_id: string;
  kind: ReactionKind;
  created_at: Timestamp;
}

export interface InstanceSettingsTable {
  name: string;
  value: Json<unknown>;
}

export interface Database {
  accounts: AccountsTable;
  personas: PersonasTable;
  clinician_verifications: ClinicianVerificationsTable;
  sessions: SessionsTable;
  rate_limit_windows: RateLimitWindowsTable;
  member_preferences: MemberPreferencesTable;
  consents: ConsentsTable;
  communities: CommunitiesTable;
  charter_revisions: CharterRevisionsTable;
  memberships: MembershipsTable;
  spaces: SpacesTable;
  threads: ThreadsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  reactions: ReactionsTable;
  instance_settings: InstanceSettingsTable;
}
