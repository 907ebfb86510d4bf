/** Table types for polls in threads (migrations/0020). Part of schema.ts, which lists every table in Database. */
import type { Generated } from "kysely";
import type { Optional, Timestamp } from "./schema-columns.ts";

export type PollResultsShown = "after_voting" | "after_closing";

export interface PollsTable {
  id: string;
  community_id: string;
  thread_id: string;
  question: string;
  options: string[];
  multiple: Generated<boolean>;
  results_shown: Generated<PollResultsShown>;
  closes_at: Optional<Date>;
  created_at: Timestamp;
}

/** One account's vote: never a persona (ADR 36). */
export interface PollVotesTable {
  poll_id: string;
  account_id: string;
  community_id: string;
  choices: number[];
  created_at: Timestamp;
}
