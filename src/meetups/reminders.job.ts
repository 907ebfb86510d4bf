/**
 * Reminders of events (issue 13 part 4, ADR 47): when an event is made or its time changes
 * (`meetup.scheduled`), its two reminders are queued, held until a day and two hours before it
 * starts. Notifications tells the people going when each comes due (`meetup.reminder_due`).
 */
import type { EventBus } from "../events/event-bus.ts";
import type { MeetupsService } from "./meetups.service.ts";

export function subscribeReminders(events: EventBus, meetups: MeetupsService) {
  events.subscribe("meetup.scheduled", "schedule-event-reminders", (event) => meetups.scheduleReminders(event.eventId));
}
