/** The event subscriber that writes learning-log entries (in the job queue, after the reply committed; a retry writes nothing twice). */
import type { EventBus } from "../events/event-bus.ts";
import type { LearningLogService } from "./learning-log.service.ts";

export function subscribeLearningLog(events: EventBus, learningLog: LearningLogService) {
  events.subscribe("post.created", "learning-log-reply", async (event) => {
    await learningLog.recordReply(event.postId);
  });
}
