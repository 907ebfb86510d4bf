/**
 * When someone asks to join a community that approves its members, its owners and
 * moderators who gave an email hear about it. The mail names no one: the applicant
 * is seen only on the community's requests page, after signing in.
 */
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { Mailer } from "../mail/mailer.ts";

export function subscribeJoinRequestMail(events: EventBus, communities: CommunitiesService, mailer: Mailer, publicUrl: string) {
  events.subscribe("membership.requested", "mail-managers-about-join-request", async (event) => {
    const found = await communities.managerEmails(event.communityId);
    if (!found) return;
    const { community, emails } = found;
    for (const to of emails) {
      await mailer.send({
        to,
        subject: `Someone asked to join ${community.name}`,
        text:
          `Someone has asked to join ${community.name} on Hearth.\n\n` +
          `You can see the request, and approve it or turn it down, here:\n${publicUrl}/c/${community.slug}/members\n\n` +
          "You get this because you help run the community.\n",
      });
    }
  });
}
