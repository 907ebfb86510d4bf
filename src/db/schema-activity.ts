/**
 * Table types for what members and moderators do about content and what the server does
 * in the background: moderation, sanctions, break-glass, the audit log, mentions,
 * notifications and job effects. Part of schema.ts, which lists every table in Database.
 */
import type { Generated } from "kysely";
import type { Json, Optional, RequiredTimestamp, Timestamp } from "./schema-columns.ts";

// Moderation, sanctions, break-glass and the audit log (migrations/0003).
export type FlagReason = "medical_misinformation" | "harassment" | "spam" | "safeguarding" | "identifying" | "other";
export type ModerationTargetType = "post" | "thread" | "persona";
export type ModerationActionKind = "dismiss" | "hide" | "unhide" | "warn" | "suspend" | "unsuspend" | "ban";

export interface FlagsTable {
  id: string;
  community_id: string;
  target_type: ModerationTargetType;
  target_id: string;
  target_persona_id: string;
  reporter_account_id: string | null;
  reason: FlagReason;
  note: Optional<string>;
  status: Generated<"open" | "actioned" | "dismissed">;
  created_at: Timestamp;
  closed_at: Optional<Date>;
  /** A safeguarding alert's urgency (0024); null for a member's report. */
  urgency: Optional<"high" | "medium">;
  /** Orders the queue: 0 high, 1 medium, 2 a member's report. */
  priority: Generated<number>;
  /** 'safeguarding:<post id>' for an alert, so the job writes one per post; null for a report. */
  alert_key: Optional<string>;
}

export interface ModerationActionsTable {
  id: string;
  community_id: string;
  flag_id: Optional<string>;
  target_type: ModerationTargetType;
  target_id: string;
  target_persona_id: string;
  action: ModerationActionKind;
  reason: string;
  until: Optional<Date>;
  actor_account_id: string | null;
  created_at: Timestamp;
}

export interface CommunitySanctionsTable {
  id: string;
  community_id: string;
  account_id: string;
  persona_id: string;
  action_id: string;
  kind: "suspend" | "ban";
  until: Optional<Date>;
  lifted_at: Optional<Date>;
  created_at: Timestamp;
}

export interface BreakGlassRequestsTable {
  id: string;
  persona_id: string;
  requester_account_id: string;
  reason: string;
  status: Generated<"pending" | "approved" | "rejected">;
  decided_by: Optional<string>;
  decided_at: Optional<Date>;
  decision_reason: Optional<string>;
  created_at: Timestamp;
}

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE. */
export interface AuditLogTable {
  id: string;
  subject_account_id: string;
  actor_account_id: string | null;
  action: string;
  detail: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

/** A persona a post links to as "[@Name](/personas/<id>)" (migrations/0007). */
export interface MentionsTable {
  post_id: string;
  persona_id: string;
  community_id: string;
  created_at: Timestamp;
}

/** About a post (reply, mention, thread activity) or about an outcome (migrations/0013, ADR 31). */
export type NotificationKind =
  | "reply"
  | "mention"
  | "thread_activity"
  | "followed_thread"
  | "followed_space"
  | "followed_persona"
  | "new_follower"
  | "reactions"
  | "poll_closed"
  | "welcome"
  | "event_promoted"
  | "event_changed"
  | "event_cancelled"
  | "event_message"
  | "event_reminder"
  | "question_routed"
  | "answer_accepted"
  | "question_unanswered"
  | "join_approved"
  | "join_declined"
  | "clinician_approved"
  | "clinician_rejected"
  | "name_approved"
  | "name_rejected"
  | "moderation_warning"
  | "post_hidden"
  | "break_glass_waiting"
  | "account_revealed"
  | "fork_consent"
  | "fork_invitation";

/** What an account is told about, and which of its personas it concerns (migrations/0007). */
export interface NotificationsTable {
  id: string;
  account_id: string;
  persona_id: Optional<string>;
  kind: NotificationKind;
  /** The rest may be empty for an outcome (migrations/0013): it is about no post. */
  community_id: Optional<string>;
  thread_id: Optional<string>;
  post_id: Optional<string>;
  actor_persona_id: Optional<string>;
  created_at: Timestamp;
  read_at: Optional<Date>;
  /** What an outcome notification is about ("moderation:<id>"), once per account. */
  source_key: Optional<string>;
  /** The reason the decider gave, shown to the recipient. */
  reason: Optional<string>;
  /** The post or request an outcome links to. */
  subject_id: Optional<string>;
  /** For batched reactions (migrations/0019): which reaction, and how many people gave it. */
  reaction_kind: Optional<string>;
  actor_count: Optional<number>;
  /** The event an event's notification is about (migrations/0032), and what it says beyond its kind: what changed, or which reminder. */
  event_id: Optional<string>;
  detail: Optional<string>;
}

/** What an account follows (migrations/0019, ADR 35): exactly one of thread, space or persona. */
export interface FollowsTable {
  id: string;
  account_id: string;
  /** The follower's own persona: the face a followed persona is told about. */
  persona_id: string;
  thread_id: Optional<string>;
  space_id: Optional<string>;
  followed_persona_id: Optional<string>;
  community_id: Optional<string>;
  created_at: Timestamp;
}

/** A bookmark, private to its account: a thread or a post (migrations/0019). */
export interface BookmarksTable {
  id: string;
  account_id: string;
  thread_id: Optional<string>;
  post_id: Optional<string>;
  community_id: string;
  created_at: Timestamp;
}

/** What a background job already did outside the database, so that a retry skips it (migrations/0010). */
export interface JobEffectsTable {
  job_key: string;
  effect: string;
  done_at: Timestamp;
}

/** A digest done for an account, frequency and period (migrations/0023, ADR 38): never twice for one period. */
export interface NotificationDigestsTable {
  account_id: string;
  frequency: "daily" | "weekly";
  period: string;
  covered_until: Date;
  notification_count: number;
  done_at: Timestamp;
}
