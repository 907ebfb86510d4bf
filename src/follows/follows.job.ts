/** The event subscriber of follows: the author of a new thread or reply follows it (ADR 35). */
import type { EventBus } from "../events/event-bus.ts";
import type { FollowsService } from "./follows.service.ts";

export function subscribeFollows(events: EventBus, follows: FollowsService) {
  events.subscribe("thread.created", "follow-thread-as-its-starter", (event) => follows.followAsAuthor(event.postId));
  events.subscribe("post.created", "follow-thread-as-a-replier", (event) => follows.followAsAuthor(event.postId));
}
