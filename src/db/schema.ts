/**
 * Table types for Kysely, kept by hand beside migrations/ (one interface a table).
 * Generated<T> marks columns the database fills in.
 */
import type { CheckinTemplate } from "../shared/checkin-template.ts";
import type { CrisisResource } from "../shared/condition-content.ts";
import type { ColumnType, Generated } from "kysely";
import type { Json, Optional, RequiredTimestamp, Timestamp } from "./schema-columns.ts";
import type { ChoosableLocale } from "../shared/i18n/locales.ts";
import type { PollsTable, PollVotesTable } from "./schema-polls.ts";
import type { CalendarFeedsTable, EventConnectionsTable, EventMessagesTable, EventOrganisersTable, EventRsvpsTable, EventsTable } from "./schema-events.ts";
import type { ArchivedPollCountsTable, ArchivedReactionCountsTable, ArchiveImportsTable, PortablePersonasTable } from "./schema-archive.ts";
import type { CommunityForksTable, ForkProposalsTable, ForkProposalSignaturesTable, ForkConsentsTable, ForkPostsTable, ForkSpacesTable, ForkThreadsTable, ForkTravelPreferencesTable } from "./schema-forks.ts";
import type { CommunityTopicsTable, CommunityTopicSynonymsTable, ExpertiseEndorsementsTable, PersonaExpertiseTable, PersonaExpertiseTopicsTable, QuestionRoutesTable, QuestionsTable, QuestionTopicsTable } from "./schema-questions.ts";
import type { ServerSecretsTable, OidcLoginStatesTable, ExternalIdentitiesTable, PersonaPicturesTable, PersonaProfileFieldsTable, SecondFactorsTable, RecoveryCodesTable, AccountTokensTable, PasswordRecoveryCodesTable, PendingSignInsTable } from "./schema-security.ts";
import type { LearningLogEntriesTable, LearningLogSettingsTable } from "./schema-learning-log.ts";
import type { CheckinsTable, ParticipationStepsTable, WelcomesTable, WelcomeThreadsTable } from "./schema-participation.ts";
import type { AuditLogTable, BookmarksTable, BreakGlassRequestsTable, FollowsTable, CommunitySanctionsTable, FlagsTable, JobEffectsTable, MentionsTable, NotificationDigestsTable, ModerationActionsTable, NotificationsTable } from "./schema-activity.ts";

// The tables of moderation, notifications and jobs are in schema-activity.ts; this file is
// still the one the web layer imports types from, so it passes theirs on.
export type * from "./schema-activity.ts";
export type * from "./schema-polls.ts";
export type * from "./schema-events.ts";
export type * from "./schema-archive.ts";
export type * from "./schema-forks.ts";
export type * from "./schema-participation.ts";
export type * from "./schema-questions.ts";
export type * from "./schema-learning-log.ts";
export type * from "./schema-security.ts";


export interface AccountsTable {
  id: string;
  username: string;
  /** The language the account reads Hearth in; null: as the browser asks (0017). */
  locale: Generated<string | null>;
  email: string | null;
  password_hash: string;
  is_admin: Generated<boolean>;
  is_verifier: Generated<boolean>;
  status: Generated<"active" | "suspended" | "deleted">;
  created_at: Timestamp;
  /** When `email` was proved to reach its owner; null: not verified (migrations/0012). */
  email_verified_at: Optional<Date>;
  /** An address being changed to, waiting for its verification link. */
  pending_email: Optional<string>;
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
  /** Clinician personas' boundaries (migrations/0006): a stated choice, per persona. */
  accepts_patient_messages: Generated<boolean>;
  availability: Optional<string>;
  /** An anonymous clinician persona's capacity: a key of src/personas/capacities.ts, chosen by its owner (migrations/0008). */
  capacity: Optional<string>;
  /** From when a clinician persona's badge holds; null since it was made (migrations/0008, ADR 20). */
  verified_from: Optional<Date>;
  /** A renamed professional persona waits for a reviewer from then; its badge is paused (migrations/0013). */
  name_review_since: Optional<Date>;
  /** When it came to this account by a claim code (migrations/0031, ADR 46); an account lists its personas by coalesce(claimed_at, created_at). */
  claimed_at: Optional<Date>;
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
  /** The name as it appears on the register (migrations/0013). */
  register_name: Optional<string>;
  /** An application, or a renamed professional persona's name to confirm (migrations/0013). */
  purpose: Generated<"application" | "name">;
}

export interface SessionsTable {
  token_hash: string;
  account_id: string;
  created_at: Timestamp;
  expires_at: RequiredTimestamp;
}

/** One try let through by a rate limit, kept while it is inside the longest window. */
export interface RateLimitHitsTable {
  id: Generated<string>;
  key: string;
  at: RequiredTimestamp;
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
/** An ordinary community, or the server's clinicians' network (migrations/0006). */
export type CommunityKind = "community" | "clinician_network";
export type JoinPolicy = "open" | "approval";

export interface Charter {
  conditions: { name: string; code?: string; system?: "snomed-ct" | "icd-10" }[];
  rules: string[];
  funding: string;
  businessModel: string;
  dataUse: string;
  conflictsOfInterest: string;
  /** The language its pages fall back to for a reader whose browser asks for none Hearth has (issue 9); the server's when absent. */
  language?: ChoosableLocale;
  /** The questions of its check-in (issue 11); the general wellbeing check-in when absent. */
  checkinTemplate?: CheckinTemplate;
  /** The content warnings a thread may carry (issue 11); DEFAULT_CONTENT_WARNINGS when absent. */
  contentWarnings?: string[];
  /** Phone lines, text services and sites for someone in crisis, by country (ISO 3166-1 alpha-2). */
  crisisResources?: CrisisResource[];
  /** The "if you are in danger now" line; a default sentence when absent. */
  dangerNow?: string;
  /** Phrases, besides the maintained default list, that raise a safeguarding alert. */
  crisisPhrases?: string[];
  /** How many members' signatures make a fork they propose together (issue 12, ADR 48); absent: only its managers fork it. */
  forkSignatures?: number;
  /** Questions (issue 14, ADR 49): how many people each routing round asks (default 5) and after how many hours an unanswered question is asked again (default 48). */
  questionRouting?: { askPerRound: number; rerouteAfterHours: number };
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
  kind: Generated<CommunityKind>;
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
  /** What an applicant wrote to the managers with a request to join (0014_journeys). */
  request_message: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** A clinicians' network space paired with a patient community (migrations/0006). */
  paired_community_id: Optional<string>;
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
  /** The language it is written in (src/shared/content-languages.ts); null when it was never recorded. */
  language: Generated<string | null>;
  /** The text-search configuration its words are indexed with (migrations/0018). */
  search_config: Generated<string>;
  search: ColumnType<string, never, never>;
  /** Set when a moderator hid the thread (0003_moderation). */
  hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Set when the opening post was deleted while replies remain; the title is then empty (0014_journeys). */
  opening_deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The content warnings it carries, each from its community's charter (0024_condition_content). */
  content_warnings: ColumnType<string[], string[] | undefined, string[]>;
}

/** A community's glossary (0024_condition_content); term_key is the term normalised and lower-cased. */
export interface GlossaryTermsTable {
  id: string;
  community_id: string;
  term: string;
  term_key: string;
  definition: string;
  created_at: Generated<Date>;
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
  /** A fork's stand-in for a post that was not carried (migrations/0028, ADR 43): written deleted, shown as "not carried". */
  not_carried: Generated<boolean>;
  /** The language it is written in (src/shared/content-languages.ts); null when it was never recorded. */
  language: Generated<string | null>;
  /** The text-search configuration its words are indexed with (migrations/0018). */
  search_config: Generated<string>;
  search: ColumnType<string, never, never>;
  /** Set when a moderator hid the post (0003_moderation). */
  hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PostRevisionsTable {
  id: string;
  community_id: string;
  post_id: string;
  body: string;
  created_at: Timestamp;
}

export interface ThreadTitleRevisionsTable {
  id: string;
  community_id: string;
  thread_id: string;
  title: string;
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
  account_tokens: AccountTokensTable;
  password_recovery_codes: PasswordRecoveryCodesTable;
  rate_limit_hits: RateLimitHitsTable;
  member_preferences: MemberPreferencesTable;
  consents: ConsentsTable;
  communities: CommunitiesTable;
  charter_revisions: CharterRevisionsTable;
  glossary_terms: GlossaryTermsTable;
  memberships: MembershipsTable;
  spaces: SpacesTable;
  threads: ThreadsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  thread_title_revisions: ThreadTitleRevisionsTable;
  reactions: ReactionsTable;
  polls: PollsTable;
  poll_votes: PollVotesTable;
  instance_settings: InstanceSettingsTable;
  flags: FlagsTable;
  moderation_actions: ModerationActionsTable;
  community_sanctions: CommunitySanctionsTable;
  break_glass_requests: BreakGlassRequestsTable;
  audit_log: AuditLogTable;
  second_factors: SecondFactorsTable;
  recovery_codes: RecoveryCodesTable;
  pending_sign_ins: PendingSignInsTable;
  oidc_login_states: OidcLoginStatesTable;
  external_identities: ExternalIdentitiesTable;
  persona_pictures: PersonaPicturesTable;
  persona_profile_fields: PersonaProfileFieldsTable;
  mentions: MentionsTable;
  notifications: NotificationsTable;
  follows: FollowsTable;
  bookmarks: BookmarksTable;
  job_effects: JobEffectsTable;
  notification_digests: NotificationDigestsTable;
  server_secrets: ServerSecretsTable;
  checkins: CheckinsTable;
  participation_steps: ParticipationStepsTable;
  welcome_threads: WelcomeThreadsTable;
  fork_travel_preferences: ForkTravelPreferencesTable;
  community_forks: CommunityForksTable;
  fork_spaces: ForkSpacesTable;
  fork_threads: ForkThreadsTable;
  fork_posts: ForkPostsTable;
  fork_consents: ForkConsentsTable;
  fork_proposals: ForkProposalsTable;
  fork_proposal_signatures: ForkProposalSignaturesTable;
  welcomes: WelcomesTable;
  portable_personas: PortablePersonasTable;
  archived_reaction_counts: ArchivedReactionCountsTable;
  archived_poll_counts: ArchivedPollCountsTable;
  archive_imports: ArchiveImportsTable;
  events: EventsTable;
  event_organisers: EventOrganisersTable;
  event_rsvps: EventRsvpsTable;
  event_messages: EventMessagesTable;
  calendar_feeds: CalendarFeedsTable;
  event_connections: EventConnectionsTable;
  community_topics: CommunityTopicsTable;
  community_topic_synonyms: CommunityTopicSynonymsTable;
  persona_expertise: PersonaExpertiseTable;
  persona_expertise_topics: PersonaExpertiseTopicsTable;
  expertise_endorsements: ExpertiseEndorsementsTable;
  questions: QuestionsTable;
  question_topics: QuestionTopicsTable;
  question_routes: QuestionRoutesTable;
  learning_log_settings: LearningLogSettingsTable;
  learning_log_entries: LearningLogEntriesTable;
}
