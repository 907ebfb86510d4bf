/**
 * When someone asks to join a community that approves its members, its owners and
 * moderators who gave an email hear about it. The mail names no one: the applicant
 * is seen only on the community's requests page, after signing in.
 *
 * Each manager gets one mail per request, even when the job runs again: a retry after
 * one address failed skips those already sent (JobEffectsService).
 */
import type { CommunitiesService } from "./communities.service.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { Mailer } from "../mail/mailer.ts";
import { mailEffect, type JobEffectsService } from "../jobs/job-effects.service.ts";

/** Subscribes the mail to managers to requests to join. */
export function subscribeJoinRequestMail(events: EventBus, communities: CommunitiesService, mailer: Mailer, effects: JobEffectsService, publicUrl: string) {
  events.subscribe("membership.requested", "mail-managers-about-join-request", async (event, job) => {
    const found = await communities.managerEmails(event.communityId);
    if (!found) return;
    const { community, emails } = found;
    let failure: unknown = null;
    for (const to of emails) {
      try {
        await effects.once(`${job.name}:${job.id}`, mailEffect(to), () =>
          mailer.send({
            to,
            subject: `Someone asked to join ${community.name}`,
            text:
              `Someone has asked to join ${community.name} on Hearth.\n\n` +
              `You can see the request, and approve it or turn it down, here:\n${publicUrl}/c/${community.slug}/members\n\n` +
              "You get this because you help run the community.\n\n" +
              `How to stop these emails: remove your email address on your Account page (${publicUrl}/account), ` +
              "or ask the community's owner to take you off its moderators. Requests still wait on the members page.\n",
          }),
        );
      } catch (error) {
        failure ??= error; // the others are still sent now; the job is retried for this one
      }
    }
    if (failure !== null) throw failure;
  });
}
