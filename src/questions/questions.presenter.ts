/**
 * How a question leaves the server. Who was asked is never in it: the asker sees how many people
 * were asked and whether anyone suitable is left; a person asked sees that they were, as which of
 * their personas, so they can answer or pass it on. Nobody else sees either.
 */
import type { QuestionListRow, QuestionRow } from "./questions.repo.ts";

export type TopicLabel = { key: string; label: string };

export type QuestionView = {
  threadId: string;
  topics: TopicLabel[];
  status: "open" | "closed";
  acceptedPostId: string | null;
  /** For the asker only (null for anyone else): how many people were asked, and whether nobody suitable is left. */
  asked: { count: number; nobodyLeft: boolean } | null;
  /** For a person asked only: the persona they were asked as, and whether they passed it on. */
  myRoute: { personaId: string; passed: boolean } | null;
  can: { answer: boolean; accept: boolean; close: boolean; reopen: boolean; passOn: boolean };
};

export type QuestionSummaryView = {
  threadId: string;
  title: string;
  topics: TopicLabel[];
  status: "open" | "closed";
  accepted: boolean;
  answered: boolean;
  replyCount: number;
  createdAt: string;
};

export const labelled = (keys: string[], labels: Map<string, string>): TopicLabel[] => keys.map((key) => ({ key, label: labels.get(key) ?? key }));

export function presentQuestion(
  row: QuestionRow,
  topics: TopicLabel[],
  facts: { asker: boolean; manager: boolean; mayReply: boolean; route: { persona_id: string; state: string } | undefined },
): QuestionView {
  const open = row.status === "open";
  return {
    threadId: row.thread_id,
    topics,
    status: row.status,
    acceptedPostId: row.accepted_post_id,
    asked: facts.asker ? { count: row.routed_count, nobodyLeft: row.exhausted_at !== null } : null,
    myRoute: facts.route ? { personaId: facts.route.persona_id, passed: facts.route.state === "passed" } : null,
    can: {
      answer: open && facts.mayReply && !facts.asker,
      accept: facts.asker,
      close: open && (facts.asker || facts.manager),
      reopen: !open && (facts.asker || facts.manager),
      passOn: open && facts.route?.state === "asked",
    },
  };
}

export function presentQuestionSummary(row: QuestionListRow, topics: TopicLabel[]): QuestionSummaryView {
  return {
    threadId: row.thread_id,
    title: row.title,
    topics,
    status: row.status,
    accepted: row.accepted,
    answered: row.answered,
    replyCount: row.reply_count,
    createdAt: row.created_at.toISOString(),
  };
}
