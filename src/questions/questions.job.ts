/**
 * The edge network's subscribers (ADR 49): each reply may be a question's first answer; each
 * question's timed re-route comes due for its round. Both are idempotent (see the service).
 */
import type { EventBus } from "../events/event-bus.ts";
import type { QuestionsService } from "./questions.service.ts";

export function subscribeQuestions(events: EventBus, questions: QuestionsService) {
  events.subscribe("post.created", "note-question-answer", (event) => questions.noteReply(event.postId));
  events.subscribe("question.reroute_due", "reroute-unanswered-question", (event) => questions.reroute(event.threadId, event.round));
}
