/**
 * Telling a member what was decided about them (issue 8, ADR 31): each outcome event
 * becomes a notification for the account concerned and, where the account has an email
 * and wants these, one mail. Every feature is asked through its service what happened
 * and to whom; the notifications service records it.
 *
 * Idempotent: a notification is written once per account and source (the event's
 * subject), and its mail is recorded in job_effects under the notification's id, so a
 * retry, or the same event published again (an account read twice under one
 * break-glass request), tells nobody twice and mails nobody twice.
 */
import type { BreakGlassService } from "../moderation/break-glass.service.ts";
import type { CliniciansService } from "../clinicians/clinicians.service.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import type { ForksService } from "../forks/forks.service.ts";
import type { NotificationsService, Outcome } from "./notifications.service.ts";
import { mailEffect, type JobEffectsService } from "../jobs/job-effects.service.ts";

export type OutcomeSources = {
  notifications: NotificationsService;
  clinicians: CliniciansService;
  moderation: ModerationService;
  breakGlass: BreakGlassService;
  forks: ForksService;
};

export function subscribeOutcomeNotifications(events: EventBus, sources: OutcomeSources, mailer: Mailer, effects: JobEffectsService) {
  const { notifications, clinicians, moderation, breakGlass, forks } = sources;

  /** Tells each outcome; a failed mail fails the job (retried) after the others were tried. */
  const tell = async (outcomes: Outcome[]) => {
    let failure: unknown = null;
    for (const outcome of outcomes) {
      try {
        const told = await notifications.tell(outcome);
        if (told?.mail) {
          const mail = told.mail;
          await effects.once(`notification:${told.notificationId}`, mailEffect(mail.to), () => mailer.send(mail));
        }
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  };

  events.subscribe("membership.request_decided", "notify-join-request-decided", async (event, job) => {
    await tell([
      {
        accountId: event.accountId,
        kind: event.decision === "approved" ? "join_approved" : "join_declined",
        // One answer per decision (the job's id is the same on every retry); asking again after a refusal is a new request, told again.
        source: `membership:${event.communityId}:${job.id}`,
        communityId: event.communityId,
        at: new Date(),
      },
    ]);
  });

  events.subscribe("clinician.verification_decided", "notify-clinician-decision", async (event) => {
    const decision = await clinicians.decisionForNotice(event.verificationId);
    if (!decision) return;
    const approved = decision.status === "approved";
    const kind = decision.purpose === "name" ? (approved ? "name_approved" : "name_rejected") : approved ? "clinician_approved" : "clinician_rejected";
    await tell([{ accountId: decision.accountId, kind, source: `verification:${event.verificationId}`, reason: decision.reason, personaId: decision.personaId, at: decision.at }]);
  });

  events.subscribe("moderation.action_taken", "notify-member-of-moderation", async (event) => {
    const action = await moderation.actionForNotice(event.actionId);
    if (!action) return; // only warnings and hidden words are told here; the audit log has the rest
    await tell([
      {
        accountId: action.accountId,
        kind: action.kind === "warning" ? "moderation_warning" : "post_hidden",
        source: `moderation:${event.actionId}`,
        personaId: action.personaId,
        communityId: action.communityId,
        threadId: action.threadId,
        subjectId: action.targetId,
        reason: action.reason,
        at: action.at,
      },
    ]);
  });

  // A fork (ADR 43): its authors whose default is "ask" are asked; the parent's members are invited (never made members). Once each per fork.
  events.subscribe("fork.created", "notify-of-fork", async (event) => {
    const notices = await forks.noticesFor(event.communityId);
    if (!notices) return;
    await tell([
      ...notices.asked.map((accountId) => ({ accountId, kind: "fork_consent" as const, source: `fork-consent:${event.communityId}`, communityId: event.communityId, at: notices.at })),
      ...notices.invited.map((accountId) => ({ accountId, kind: "fork_invitation" as const, source: `fork-invitation:${event.communityId}`, communityId: event.communityId, at: notices.at })),
    ]);
  });

  events.subscribe("break_glass.requested", "notify-admins-of-break-glass-request", async (event) => {
    const request = await breakGlass.requestForNotice(event.requestId);
    if (!request || request.status !== "pending") return;
    await tell(request.deciders.map((accountId) => ({ accountId, kind: "break_glass_waiting" as const, source: `break-glass-waiting:${request.id}`, at: request.createdAt })));
  });

  events.subscribe("break_glass.revealed", "notify-member-of-reveal", async (event) => {
    const request = await breakGlass.requestForNotice(event.requestId);
    if (!request) return;
    // Once per request, however often the account is read under it (each reading is in the audit log).
    await tell([{ accountId: request.subjectAccountId, kind: "account_revealed", source: `break-glass-revealed:${request.id}`, personaId: request.personaId, at: new Date() }]);
  });
}
