/**
 * Notices of events and meet-ups (issue 13 part 4, ADR 47), kept apart from notifications.service.ts
 * (which builds this and shares its NotificationWriter): a place given from the waitlist, a change,
 * a cancellation, the organisers' words, and the reminders held until a day and two hours before.
 * Each asks MeetupsService who answered, as which persona; each is told once per account and
 * source key, and only while the account is active and may still read the event.
 */
import type { Db } from "../db/connection.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { MeetupsService } from "../meetups/meetups.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import { newId } from "../shared/ids.ts";
import type { EventNotificationKind } from "./notifications.presenter.ts";
import type { NotificationWriter } from "./notification-writer.ts";
import * as repo from "./notifications.repo.ts";

export class EventNotices {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly personas: PersonasService,
    private readonly meetups: MeetupsService,
    private readonly writer: NotificationWriter,
  ) {}

  /**
   * A member waiting for a place was given one (ADR 47): told once per promotion (the job's id
   * is the same on every retry), as the persona they answered as, while they are still going.
   */
  async noteEventPromoted(eventId: string, accountId: string, jobId: string): Promise<void> {
    const notice = await this.meetups.notice(eventId, "going");
    const recipient = notice?.audience.find((a) => a.accountId === accountId);
    if (!notice || !recipient) return;
    await this.tell(notice, [recipient], { kind: "event_promoted", source: `event-promoted:${eventId}:${jobId}` });
  }

  /** An event's time, place or link changed: everyone who answered is told what changed, once per change (the job). */
  async noteEventChanged(eventId: string, changes: string, jobId: string): Promise<void> {
    const notice = await this.meetups.notice(eventId, "answered");
    const told = changes.split(",").filter((c) => c === "time" || c === "place" || c === "link");
    if (!notice || told.length === 0) return;
    await this.tell(notice, notice.audience, { kind: "event_changed", source: `event-changed:${jobId}`, detail: told.join(",") });
  }

  /** An event was cancelled: everyone who answered is told, once. */
  async noteEventCancelled(eventId: string): Promise<void> {
    const notice = await this.meetups.notice(eventId, "answered");
    if (!notice || !notice.row.cancelled_at) return;
    await this.tell(notice, notice.audience, { kind: "event_cancelled", source: `event-cancelled:${eventId}` });
  }

  /**
   * The organisers wrote to the people who answered: everyone going, waiting or maybe is told,
   * with the words (shown to them alone; the mail quotes nothing), except whoever wrote it.
   */
  async noteEventMessage(messageId: string): Promise<void> {
    const message = await this.meetups.messageForNotice(messageId);
    const notice = message ? await this.meetups.notice(message.eventId, "answered") : undefined;
    if (!message || !notice) return;
    const writer = await this.personas.ownerOf(message.personaId);
    const audience = notice.audience.filter((a) => a.status !== "not_going" && a.accountId !== writer?.account_id);
    await this.tell(notice, audience, { kind: "event_message", source: `event-message:${messageId}`, subjectId: messageId, actorPersonaId: message.personaId });
  }

  /**
   * A reminder's moment came (ADR 47): everyone going who has that reminder on is told (and
   * mailed, as their "events" email says), once per event, reminder and start. Nothing when the
   * event moved since the reminder was queued (a new one was queued for the new start), was
   * cancelled, or is gone. The reminder switches are their own: turning the type off does not stop them.
   */
  async noteEventReminder(eventId: string, reminder: "day" | "hours", startsAt: string): Promise<void> {
    const notice = await this.meetups.reminderFor(eventId, startsAt);
    if (!notice) return;
    const setting = reminder === "day" ? "dayBefore" : "twoHoursBefore";
    const off = await repo.remindersTurnedOff(this.db, notice.audience.map((a) => a.accountId));
    const audience = notice.audience.filter((a) => !off.get(a.accountId)?.has(setting));
    await this.tell(notice, audience, { kind: "event_reminder", source: `event-reminder:${eventId}:${reminder}:${startsAt}`, detail: reminder, ignoreType: true });
  }

  /**
   * Tells these people who answered an event about it, as the persona each answered as: once
   * per account and source, and only those who have the type on (or, for a reminder, that
   * reminder: checked by the caller), are active, and may still read the event.
   */
  private async tell(
    notice: NonNullable<Awaited<ReturnType<MeetupsService["notice"]>>>,
    audience: { accountId: string; personaId: string }[],
    what: { kind: EventNotificationKind; source: string; detail?: string; subjectId?: string; actorPersonaId?: string; ignoreType?: boolean },
  ): Promise<void> {
    const accounts = [...new Set(audience.map((a) => a.accountId))];
    const turnedOff = what.ignoreType ? new Map<string, Set<string>>() : await repo.typesTurnedOff(this.db, accounts);
    const viewers = await this.accounts.viewersForAccounts(accounts);
    for (const { accountId, personaId } of audience) {
      if (turnedOff.get(accountId)?.has("events")) continue;
      const viewer = viewers.get(accountId);
      if (!viewer || !(await this.meetups.readableBy(viewer, notice.row.id))) continue;
      await this.writer.write(accountId, (trx) =>
        repo.insertKeyed(trx, {
          id: newId(),
          account_id: accountId,
          kind: what.kind,
          source_key: what.source,
          persona_id: personaId,
          actor_persona_id: what.actorPersonaId ?? null,
          community_id: notice.row.community_id,
          event_id: notice.row.id,
          detail: what.detail ?? null,
          ...(what.subjectId ? { subject_id: what.subjectId } : {}),
          created_at: new Date(),
        }),
      );
    }
  }
}
