/** The tables of the learning log (migrations/0036, ADR 50): its owner's setting and entries, read by nobody else. */
import type { Optional, Timestamp } from "./schema-columns.ts";

export type LearningLogKind = "question_answered" | "thread_engaged" | "other";
export type MinutesSource = "estimated" | "self_reported";

export interface LearningLogSettingsTable {
  account_id: string;
  enabled: boolean;
  /** The name the owner chose for the printed log; null prints a blank line. */
  print_name: Optional<string>;
  updated_at: Timestamp;
}

export interface LearningLogEntriesTable {
  id: string;
  account_id: string;
  kind: LearningLogKind;
  /** Null for a manual entry, or once the thread was deleted (the entry stays, without a link). */
  thread_id: Optional<string>;
  post_id: Optional<string>;
  /** The thread's title when the entry was made, or the owner's own for a manual entry. */
  title: string;
  community_name: Optional<string>;
  community_slug: Optional<string>;
  minutes: number;
  minutes_source: MinutesSource;
  what_happened: Optional<string>;
  what_learned: Optional<string>;
  what_next: Optional<string>;
  occurred_at: Date;
  created_at: Timestamp;
  updated_at: Timestamp;
}
