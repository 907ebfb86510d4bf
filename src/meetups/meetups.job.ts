/** The event subscribers of events and meet-ups (in the job queue, after the change committed; each run writes once). */
import type { EventBus } from "../events/event-bus.ts";
import type { JobEffectsService } from "../jobs/job-effects.service.ts";
import type { MeetupsService } from "./meetups.service.ts";

export function subscribeMeetups(events: EventBus, meetups: MeetupsService, effects: JobEffectsService) {
  // The thread is written through discussion (its own transaction): the job's record keeps a retry from opening a second.
  events.subscribe("meetup.ended", "open-event-follow-up", async (event, job) => {
    await effects.once(job.id, "follow-up-thread", async () => void (await meetups.openFollowUp(event.eventId)));
  });
}
