/**
 * The mail that gets people back into their accounts (ADR 29): a link to verify an
 * email address, and a password reset link. The link is made here, in the job, so
 * that no token ever waits in the job table; only its hash is kept.
 *
 * The mails name no one (no username, no persona; the anonymity suite checks every mail), only the site.
 *
 * Each address gets one mail per request even when the job runs again
 * (JobEffectsService); a retry after a failed send makes a fresh link.
 */
import type { EventBus } from "../events/event-bus.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { AccountRecoveryService } from "./recovery.service.ts";
import { RESET_LINK_MINUTES, RESET_PASSWORD_PATH, VERIFY_EMAIL_PATH, VERIFY_LINK_HOURS } from "./account-links.ts";
import { mailEffect, type JobEffectsService } from "../jobs/job-effects.service.ts";


export function subscribeAccountMail(events: EventBus, recovery: AccountRecoveryService, mailer: Mailer, effects: JobEffectsService, publicUrl: string) {
  const host = new URL(publicUrl).host;

  events.subscribe("account.email_verification_requested", "mail-email-verification-link", async (event, job) => {
    const address = await recovery.verificationAddress(event.accountId);
    if (!address) return; // removed or changed again since: nothing to verify
    await effects.once(`${job.name}:${job.id}`, mailEffect(address), async () => {
      const link = await recovery.issueVerificationLink(event.accountId, address);
      if (!link) return;
      await mailer.send({
        to: link.to,
        subject: "Confirm your email address for Hearth",
        text:
          `Someone added this email address to an account on Hearth (${host}).\n\n` +
          `If it was you, confirm it by opening this link within ${VERIFY_LINK_HOURS} hours. It works once:\n` +
          `${publicUrl}${VERIFY_EMAIL_PATH}?token=${link.token}\n\n` +
          "Once it is confirmed, you can use this address to reset your password if you forget it.\n\n" +
          "If it was not you, ignore this email: the address will not be used, and we will not write again unless someone adds it again.\n\n" +
          "You get this one email because this address was typed into Hearth's account settings or sign-up form.\n",
      });
    });
  });

  events.subscribe("account.password_reset_requested", "mail-password-reset-link", async (event, job) => {
    let failure: unknown = null;
    for (const accountId of event.accountIds) {
      const address = await recovery.resetAddress(accountId);
      if (!address) continue; // no verified email: recovery codes are this account's way back
      try {
        await effects.once(`${job.name}:${job.id}`, `${mailEffect(address)}:${accountId}`, async () => {
          const link = await recovery.issueResetLink(accountId);
          if (!link) return;
          await mailer.send({
            to: link.to,
            subject: "Reset your Hearth password",
            text:
              `Someone asked to reset the password of your account on Hearth (${host}).\n\n` +
              `If it was you, choose a new password by opening this link within ${RESET_LINK_MINUTES} minutes. It works once:\n` +
              `${publicUrl}${RESET_PASSWORD_PATH}?token=${link.token}\n\n` +
              "Resetting your password signs you out everywhere.\n\n" +
              "If it was not you, ignore this email: your password stays as it is.\n\n" +
              "You get this email only when someone asks for a password reset for your account on the sign-in page. It is not a newsletter: there is nothing to unsubscribe from. To stop these emails altogether, remove your email address on your Account page.\n",
          });
        });
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  });
}
