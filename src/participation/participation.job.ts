/** The event subscribers that mark a member's steps (in the job queue, after the act committed; each run writes once). */
import type { EventBus } from "../events/event-bus.ts";
import type { ParticipationService } from "./participation.service.ts";

export function subscribeParticipation(events: EventBus, participation: ParticipationService) {
  events.subscribe("thread.created", "participation-thread", (event) => participation.noteThreadStarted(event.postId));
  events.subscribe("post.created", "participation-reply", (event) => participation.noteReplied(event.postId));
  events.subscribe("reaction.given", "participation-reaction", (event) => participation.noteReaction(event.postId, event.kind, event.byPersonaId));
  events.subscribe("checkin.made", "participation-checkin", (event) => participation.noteCheckedIn(event.accountId));
  events.subscribe("meetup.ended", "participation-event", (event) => participation.noteEventEnded(event.eventId));
}
