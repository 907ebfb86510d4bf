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
import { mailTranslator } from "../mail/mail-language.ts";
import type { Locale } from "../shared/i18n/locales.ts";

/** Subscribes the mail to managers to requests to join: in each manager's language, else the community's, else `serverLocale`. */
export function subscribeJoinRequestMail(events: EventBus, communities: CommunitiesService, mailer: Mailer, effects: JobEffectsService, publicUrl: string, serverLocale: Locale) {
  events.subscribe("membership.requested", "mail-managers-about-join-request", async (event, job) => {
    const found = await communities.managerEmails(event.communityId);
    if (!found) return;
    const { community, managers } = found;
    let failure: unknown = null;
    for (const { email: to, locale } of managers) {
      const t = mailTranslator(serverLocale, locale, community.charter.language);
      try {
        await effects.once(`${job.name}:${job.id}`, mailEffect(to), () =>
          mailer.send({
            to,
            subject: t.text("mail.joinRequest.subject", { community: community.name }),
            text: t.text("mail.joinRequest.text", {
              community: community.name,
              membersLink: `${publicUrl}/c/${community.slug}/members`,
              accountLink: `${publicUrl}/account`,
            }),
          }),
        );
      } catch (error) {
        failure ??= error; // the others are still sent now; the job is retried for this one
      }
    }
    if (failure !== null) throw failure;
  });
}
