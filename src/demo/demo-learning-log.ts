/**
 * The demo clinician's learning log (ADR 50): turned on, their anonymous answer recorded and
 * reflected on, so a newcomer signed in as them sees a filled-in log. The entry is written by the
 * very method the post.created job calls, here and now rather than whenever the queue runs;
 * both are idempotent, so a second seed or the job afterwards writes nothing more.
 */
import type { LearningLogService } from "../learning-log/learning-log.service.ts";
import type { Viewer } from "../shared/viewer.ts";

/** Made up for the demo, like the nurse who writes it; no medical advice. */
export const DEMO_REFLECTION = {
  minutes: 15,
  whatHappened: "A member asked what to bring to their next appointment. I suggested a written list and asking their own team to check inhaler technique.",
  whatLearned: "People often leave appointments without asking what worried them most. A short list helps.",
  whatNext: "Point people to a simple question list earlier, and say plainly that their own team knows them best.",
};

export async function seedDemoLearningLog(learningLog: LearningLogService, clinician: Viewer, replyPostId: string): Promise<void> {
  const { printName } = await learningLog.settings(clinician);
  await learningLog.updateSettings(clinician, { enabled: true, printName: printName ?? "Lee (demo nurse)" });
  await learningLog.recordReply(replyPostId);
  const { items } = await learningLog.list(clinician, undefined, 100);
  const entry = items.find((e) => e.link !== null && e.kind !== "other");
  if (!entry || entry.reflection.whatHappened) return; // already reflected on: a second seed leaves it as it is
  const { minutes, ...reflection } = DEMO_REFLECTION;
  await learningLog.updateEntry(clinician, entry.id, { minutes, reflection });
}
