/**
 * The jobs that mail notifications (ADR 38):
 *
 * - `notification.mail` {notificationId}: queued in the transaction that wrote the
 *   notification; mails it at once when its type is mailed at once. Recorded in job_effects
 *   under the notification, so a rerun never mails twice.
 * - `notification.digest` {accountId, frequency, period}: one account's daily or weekly
 *   digest; recorded per period in notification_digests (and its mail in job_effects), so
 *   the same period is never sent twice. Held outside a clinician's office hours: the next
 *   scheduled pass queues it again.
 * - The scheduled pass (`startDigestSchedule`): pg-boss's own schedules are off in this
 *   code (queue.ts), so a timer in the worker process asks every few minutes which accounts
 *   have a digest due for the current day or week and queues one job each. Several workers
 *   may both queue the same digest: the job's records make the second one send nothing.
 */
import { Type } from "typebox";
import { Value } from "typebox/value";
import type { JobQueue } from "../jobs/queue.ts";
import { PermanentJobFailure } from "../jobs/queue.ts";
import { mailEffect, type JobEffectsService } from "../jobs/job-effects.service.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { NotificationEmailService } from "./notification-email.service.ts";
import type { NotificationsService } from "./notifications.service.ts";
import { DIGEST_FREQUENCIES } from "./notification-types.ts";

export const NOTIFICATION_MAIL_JOB = "notification.mail";
export const NOTIFICATION_DIGEST_JOB = "notification.digest";

const MailJob = Type.Object({ notificationId: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
const DigestJob = Type.Object(
  {
    accountId: Type.String({ maxLength: 64 }),
    frequency: Type.Union([Type.Literal("daily"), Type.Literal("weekly")]),
    period: Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
  },
  { additionalProperties: false },
);

export function defineNotificationMail(queue: JobQueue, notifications: NotificationsService, email: NotificationEmailService, mailer: Mailer, effects: JobEffectsService) {
  notifications.whenWritten((trx, notificationId) => queue.send(NOTIFICATION_MAIL_JOB, { notificationId }, trx));

  queue.define<{ notificationId: string }>(NOTIFICATION_MAIL_JOB, async (data) => {
    if (!Value.Check(MailJob, data)) throw new PermanentJobFailure("The payload is not a notification mail job.");
    const mail = await email.immediateMail(data.notificationId);
    if (mail) await effects.once(`notification-mail:${data.notificationId}`, mailEffect(mail.to), () => mailer.send(mail));
  });

  queue.define<{ accountId: string; frequency: "daily" | "weekly"; period: string }>(NOTIFICATION_DIGEST_JOB, async (data) => {
    if (!Value.Check(DigestJob, data)) throw new PermanentJobFailure("The payload is not a digest job.");
    const plan = await email.planDigest(data.accountId, data.frequency, data.period, new Date());
    if (plan.kind !== "send") return;
    const mail = plan.mail;
    if (mail) await effects.once(`digest:${data.accountId}:${data.frequency}:${data.period}`, mailEffect(mail.to), () => mailer.send(mail));
    await email.recordDigest(data.accountId, data.frequency, data.period, plan.coveredUntil, plan.count);
  });
}

/** Queues a digest job for every account whose digest of the current day or week is not done. Answers how many. */
export async function queueDueDigests(queue: JobQueue, email: NotificationEmailService, now = new Date()): Promise<number> {
  let queued = 0;
  for (const frequency of DIGEST_FREQUENCIES) {
    let after = "";
    for (;;) {
      const { accountIds, period } = await email.dueDigests(frequency, now, after);
      for (const accountId of accountIds) await queue.send(NOTIFICATION_DIGEST_JOB, { accountId, frequency, period });
      queued += accountIds.length;
      if (accountIds.length < 500) break;
      after = accountIds[accountIds.length - 1]!;
    }
  }
  return queued;
}

/** Runs the scheduled pass every `everyMs` (first after a minute), in the process that works the queue. Answers the function that stops it. */
export function startDigestSchedule(queue: JobQueue, email: NotificationEmailService, everyMs = 15 * 60_000): () => void {
  let running = false;
  const pass = async () => {
    if (running) return; // a slow pass is never overlapped by the next
    running = true;
    try {
      await queueDueDigests(queue, email);
    } catch (error) {
      console.error("digest schedule:", error instanceof Error ? error.message : String(error));
    } finally {
      running = false;
    }
  };
  const first = setTimeout(pass, Math.min(60_000, everyMs));
  const timer = setInterval(pass, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
