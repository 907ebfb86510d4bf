/** The tables of the edge network (migrations/0035, ADR 49): topics, expertise, endorsements, questions and who was asked. */
import type { Generated } from "kysely";
import type { Optional, Timestamp } from "./schema-columns.ts";

export type ExpertiseBasis = "clinical" | "lived" | "both";
export type FirstAnswerBy = "clinician" | "expert_patient" | "member";

export interface CommunityTopicsTable {
  community_id: string;
  topic_key: string;
  label: string;
  condition_code: Optional<string>;
  created_at: Timestamp;
}

export interface CommunityTopicSynonymsTable {
  community_id: string;
  synonym_key: string;
  topic_key: string;
}

export interface PersonaExpertiseTable {
  persona_id: string;
  basis: ExpertiseBasis;
  routing: Generated<boolean>;
  weekly_limit: Generated<number>;
  updated_at: Timestamp;
}

export interface PersonaExpertiseTopicsTable {
  persona_id: string;
  topic_key: string;
}

export interface ExpertiseEndorsementsTable {
  persona_id: string;
  endorser_account_id: string;
  endorser_persona_id: string;
  by_clinician: boolean;
  created_at: Timestamp;
}

export interface QuestionsTable {
  thread_id: string;
  community_id: string;
  status: Generated<"open" | "closed">;
  accepted_post_id: Optional<string>;
  accepted_at: Optional<Date>;
  round: Generated<number>;
  routed_count: Generated<number>;
  exhausted_at: Optional<Date>;
  first_answer_at: Optional<Date>;
  first_answer_by: Optional<FirstAnswerBy>;
  created_at: Timestamp;
  closed_at: Optional<Date>;
}

export interface QuestionTopicsTable {
  thread_id: string;
  community_id: string;
  topic_key: string;
}

export interface QuestionRoutesTable {
  thread_id: string;
  account_id: string;
  persona_id: string;
  round: number;
  asked_at: Timestamp;
  state: Generated<"asked" | "passed" | "answered">;
}
