/**
 * The event subscribers that make notifications. They run in the job queue, after
 * the post's transaction committed, so writing a post never waits for them and a
 * failure is retried on its own.
 */
import type { EventBus } from "../events/event-bus.ts";
import type { NotificationsService } from "./notifications.service.ts";

export function subscribeNotifications(events: EventBus, notifications: NotificationsService) {
  // A new thread or reply also tells those who follow its thread, space or author (ADR 35).
  events.subscribe("thread.created", "notify-mentions-in-opening-post", (event) => notifications.notePostWritten(event.postId, { reply: false, fanOut: true }));
  events.subscribe("post.created", "notify-about-reply", (event) => notifications.notePostWritten(event.postId, { reply: true, fanOut: true }));
  // An edit may add a mention: those newly mentioned are told; nobody is told twice.
  events.subscribe("post.edited", "notify-mentions-added-in-edit", (event) => notifications.notePostWritten(event.postId, { reply: false }));
  events.subscribe("persona.followed", "notify-new-follower", (event) => notifications.noteFollowed(event.personaId, event.followerPersonaId));
  events.subscribe("reaction.given", "notify-reactions-batched", (event) => notifications.noteReactions(event.postId, event.kind));
  // A poll's close date came (its job was held until then) and a newcomer was welcomed (ADR 41).
  events.subscribe("poll.closing", "notify-poll-closed", (event) => notifications.notePollClosed(event.pollId));
  events.subscribe("member.welcomed", "notify-welcomed", (event) => notifications.noteWelcomed(event));
  // Events and meet-ups (ADR 47): a place given from the waitlist, a change, a cancellation, the organisers' words.
  events.subscribe("meetup.promoted", "notify-event-place", (event, job) => notifications.events.noteEventPromoted(event.eventId, event.accountId, job.id));
  events.subscribe("meetup.changed", "notify-event-changed", (event, job) => notifications.events.noteEventChanged(event.eventId, event.changes, job.id));
  events.subscribe("meetup.cancelled", "notify-event-cancelled", (event) => notifications.events.noteEventCancelled(event.eventId));
  events.subscribe("meetup.message", "notify-event-message", (event) => notifications.events.noteEventMessage(event.messageId));
  // A reminder's job was held until a day, or two hours, before the start it was queued for.
  events.subscribe("meetup.reminder_due", "notify-event-reminder", (event) => notifications.events.noteEventReminder(event.eventId, event.reminder, event.startsAt));
  // The edge network (ADR 51): one person asked, an answer accepted, nobody suitable left to ask.
  events.subscribe("question.routed", "notify-question-routed", (event) => notifications.questions.noteRouted(event));
  events.subscribe("answer.accepted", "notify-answer-accepted", (event) => notifications.questions.noteAccepted(event));
  events.subscribe("question.exhausted", "notify-question-unanswered", (event) => notifications.questions.noteExhausted(event));
  events.subscribe("post.deleted", "forget-notifications-of-deleted-post", (event) => notifications.forgetPost(event.postId));
}
