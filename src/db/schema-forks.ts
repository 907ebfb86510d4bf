/** The tables of forks (migrations/0028, ADR 43): lineage, and what of a parent is in each fork. */
import type { Generated } from "kysely";
import type { Optional, Timestamp } from "./schema-columns.ts";

export interface CommunityForksTable {
  community_id: string;
  parent_community_id: string | null;
  forked_by_account_id: string | null;
  forked_at: Timestamp;
  /** The newest post of the carried spaces when the fork was made; nothing later is carried. */
  carried_through: Optional<Date>;
  carried_through_post_id: Optional<string>;
  /** A parent on another server (the lineage came in an archive; migrations/0031, ADR 46): named, never linked. */
  parent_name: Optional<string>;
  parent_slug: Optional<string>;
  parent_server: Optional<string>;
}

export interface ForkSpacesTable {
  fork_community_id: string;
  source_space_id: string;
  fork_space_id: string;
}

export interface ForkThreadsTable {
  fork_community_id: string;
  source_thread_id: string;
  fork_thread_id: string;
}

export interface ForkPostsTable {
  fork_community_id: string;
  source_post_id: string;
  fork_post_id: string;
}

/** A member asked whether their words go with a fork; answer null until they say. */
export interface ForkConsentsTable {
  fork_community_id: string;
  account_id: string;
  answer: Optional<"yes" | "no">;
  /** Their default was "ask": they are asked, and may answer later. */
  asked: Generated<boolean>;
  answered_at: Optional<Date>;
}

/** Whether an account's content goes with a fork: yes, ask (no row) or no (migrations/0027, ADR 43). */
export interface ForkTravelPreferencesTable {
  account_id: string;
  choice: "yes" | "ask" | "no";
  updated_at: Timestamp;
}

/** A fork that members propose together (migrations/0034, ADR 48). */
export interface ForkProposalsTable {
  id: string;
  community_id: string;
  proposer_account_id: string;
  slug: string;
  name: string;
  purpose: string | null;
  spaces: string[];
  created_at: Timestamp;
  fork_community_id: Optional<string>;
  forked_at: Optional<Date>;
}

export interface ForkProposalSignaturesTable {
  proposal_id: string;
  account_id: string;
  signed_at: Timestamp;
}
