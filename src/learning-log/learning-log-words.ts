/** The catalogue keys the learning log chooses among, written out whole so the catalogue check can find them. */
import type { LearningLogKind, MinutesSource } from "../db/schema.ts";

export const KIND_KEYS: Record<LearningLogKind, string> = {
  question_answered: "learningLog.kind.question_answered",
  thread_engaged: "learningLog.kind.thread_engaged",
  other: "learningLog.kind.other",
};

export const SOURCE_KEYS: Record<MinutesSource, string> = {
  estimated: "learningLog.source.estimated",
  self_reported: "learningLog.source.self_reported",
};

/** What a page says after a form went through (`?done=`). */
export const DONE_KEYS: Record<string, string> = {
  settings: "learningLog.done.settings",
  added: "learningLog.done.added",
  saved: "learningLog.done.saved",
  deleted: "learningLog.done.deleted",
};

export const CSV_HEADER_KEYS = [
  "learningLog.csvDate",
  "learningLog.csvKind",
  "learningLog.csvTitle",
  "learningLog.csvCommunity",
  "learningLog.csvLinkColumn",
  "learningLog.csvMinutes",
  "learningLog.csvTimeSource",
  "learningLog.whatHappened",
  "learningLog.whatLearned",
  "learningLog.whatNext",
] as const;
