/** The event subscribers of events and meet-ups (in the job queue, after the change committed; each run writes once). */
import type { EventBus } from "../events/event-bus.ts";
import type { MeetupsService } from "./meetups.service.ts";

export function subscribeMeetups(events: EventBus, meetups: MeetupsService) {
  // One run opens the thread: the event row is claimed first, so a retry or the demo seed opens no second one.
  events.subscribe("meetup.ended", "open-event-follow-up", async (event) => void (await meetups.openFollowUp(event.eventId)));
}
