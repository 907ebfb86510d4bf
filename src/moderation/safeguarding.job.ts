/**
 * Safeguarding alerts (ADR 39): a new thread, reply or edit whose words hold crisis
 * language puts one alert in the community's moderation queue. In the job queue, after
 * the post's transaction committed, so posting never waits and is never blocked; a rerun
 * writes nothing new (one alert per post).
 */
import type { EventBus } from "../events/event-bus.ts";
import type { ModerationService } from "./moderation.service.ts";

export function subscribeSafeguarding(events: EventBus, moderation: ModerationService) {
  events.subscribe("thread.created", "safeguarding-alert-opening-post", (event) => moderation.raiseSafeguardingAlert(event.postId).then(() => undefined));
  events.subscribe("post.created", "safeguarding-alert-reply", (event) => moderation.raiseSafeguardingAlert(event.postId).then(() => undefined));
  events.subscribe("post.edited", "safeguarding-alert-edit", (event) => moderation.raiseSafeguardingAlert(event.postId).then(() => undefined));
}
