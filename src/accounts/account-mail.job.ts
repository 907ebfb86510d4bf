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
import { mailTranslator } from "../mail/mail-language.ts";
import type { Locale } from "../shared/i18n/locales.ts";

/** Subscribes the account mails; each is written in the account's language, else `serverLocale`. */
export function subscribeAccountMail(events: EventBus, recovery: AccountRecoveryService, mailer: Mailer, effects: JobEffectsService, publicUrl: string, serverLocale: Locale) {
  const host = new URL(publicUrl).host;

  events.subscribe("account.email_verification_requested", "mail-email-verification-link", async (event, job) => {
    const address = await recovery.verificationAddress(event.accountId);
    if (!address) return; // removed or changed again since: nothing to verify
    await effects.once(`${job.name}:${job.id}`, mailEffect(address), async () => {
      const link = await recovery.issueVerificationLink(event.accountId, address);
      if (!link) return;
      const t = mailTranslator(serverLocale, link.locale);
      await mailer.send({
        to: link.to,
        subject: t.text("mail.verifyEmail.subject"),
        text: t.text("mail.verifyEmail.text", { host, hours: VERIFY_LINK_HOURS, link: `${publicUrl}${VERIFY_EMAIL_PATH}?token=${link.token}` }),
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
          const t = mailTranslator(serverLocale, link.locale);
          await mailer.send({
            to: link.to,
            subject: t.text("mail.resetPassword.subject"),
            text: t.text("mail.resetPassword.text", { host, minutes: RESET_LINK_MINUTES, link: `${publicUrl}${RESET_PASSWORD_PATH}?token=${link.token}` }),
          });
        });
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  });
}
