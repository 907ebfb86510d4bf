/**
 * The tables of check-ins, the participation ladder and welcomes (issue 11), apart from
 * schema.ts to keep it readable; schema.ts passes them on.
 */
import type { Generated } from "kysely";
import type { CheckinAnswers } from "../shared/checkin-template.ts";
import type { Json, Timestamp } from "./schema-columns.ts";

/** A member's check-in for one day (migrations/0022): only they ever see it. */
export interface CheckinsTable {
  id: string;
  community_id: string;
  account_id: string;
  /** The day it is for, as YYYY-MM-DD (read it as text: a date column comes back as local midnight otherwise). */
  day: string;
  answers: Json<CheckinAnswers>;
  shared: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A small step an account has taken at least once (migrations/0025): the participation ladder. */
export interface ParticipationStepsTable {
  account_id: string;
  step: "read" | "react" | "checkin" | "reply" | "thread" | "event" | "helped";
  first_at: Timestamp;
}

/** A community's welcome thread, where newcomers are asked to say hello (migrations/0025). */
export interface WelcomeThreadsTable {
  community_id: string;
  thread_id: string;
  set_at: Timestamp;
}

/** A one-tap welcome (migrations/0026, ADR 41): once per welcomer account, newcomer persona and community. */
export interface WelcomesTable {
  id: string;
  community_id: string;
  welcomer_account_id: string;
  /** The persona the welcomer chose: all the newcomer is shown of who welcomed them. */
  welcomer_persona_id: string;
  newcomer_persona_id: string;
  created_at: Timestamp;
}
