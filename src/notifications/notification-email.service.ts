/**
 * Mailing notifications (issue 11 part 7, ADR 38): each type's email choice, a mail at once
 * or a daily or weekly digest, the one-click unsubscribe tokens, and a clinician's office
 * hours that hold a digest. The jobs (notification-mail.job.ts) send; this decides what.
 *
 * Health privacy: a mail never quotes what anyone wrote. It names the thread and who wrote
 * only when the thread is public (anyone could read it on the web); otherwise it says what
 * kind of thing happened and where, and links to Hearth, where the reader signs in. It never
 * names the recipient's own personas: a persona's name beside an address would tie the two.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/connection.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { MailMessage } from "../mail/mailer.ts";
import { mailTranslator } from "../mail/mail-language.ts";
import { isClinicianKind } from "../personas/persona.presenter.ts";
import type { Locale } from "../shared/i18n/locales.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { msg } from "../shared/i18n/message.ts";
import { invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { isId } from "../shared/ids.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import {
  DIGEST_FREQUENCIES,
  EMAIL_CHOICES,
  EMAIL_DEFAULTS,
  KINDS_OF,
  NOTIFICATION_TYPES,
  typeOfKind,
  type DigestFrequency,
  type EmailChoice,
  type EmailChoices,
  type NotificationType,
} from "./notification-types.ts";
import { digestPeriod, officeHoursProblem, periodLength, withinOfficeHours, type OfficeHours } from "./office-hours.ts";
import { changeWords, NOTIFICATION_SETTINGS_PATH, NOTIFICATIONS_OPEN_PATH, UNSUBSCRIBE_PATH, type UnsubscribeScope } from "./notifications.presenter.ts";
import * as repo from "./notifications.repo.ts";
import * as emailRepo from "./notification-email.repo.ts";

const SCOPES: readonly string[] = [...NOTIFICATION_TYPES, ...DIGEST_FREQUENCIES];

/** A digest lists this many notifications, and says how many more there are. */
const DIGEST_ITEMS = 20;

export type DigestPlan =
  | { kind: "done" }
  | { kind: "held" }
  | { kind: "send"; mail: MailMessage | null; coveredUntil: Date; count: number };

// Written out, key by key, so the catalogue check sees every key in use.
const TYPE_NAME_KEYS: Record<NotificationType, string> = {
  replies: "emailTypes.nameReplies",
  mentions: "emailTypes.nameMentions",
  follows: "emailTypes.nameFollows",
  followers: "emailTypes.nameFollowers",
  reactions: "emailTypes.nameReactions",
  polls: "emailTypes.namePolls",
  welcomes: "emailTypes.nameWelcomes",
  events: "emailTypes.nameEvents",
};

export class NotificationEmailService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly publicUrl: string,
    private readonly serverLocale: Locale,
    /** The key unsubscribe tokens are signed with (the server secret's, for this purpose). */
    private readonly unsubscribeKey: () => Promise<Buffer>,
  ) {}

  /** Each type's email choice for the viewer, defaults filled in. */
  async emailChoices(viewer: Viewer): Promise<EmailChoices> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.choicesOf(viewer.accountId);
  }

  /** Changes the types named; an unknown type or choice is a 400 naming it, and nothing is saved. */
  async setEmailChoices(viewer: Viewer, choices: Partial<Record<string, unknown>>): Promise<EmailChoices> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    for (const [type, choice] of Object.entries(choices)) {
      if (!(NOTIFICATION_TYPES as readonly string[]).includes(type)) throw invalid(`email.${type}`, msg("problem.emailTypes.unknownType"));
      if (!(EMAIL_CHOICES as readonly unknown[]).includes(choice)) throw invalid(`email.${type}`, msg("problem.emailTypes.choice"));
    }
    await emailRepo.setEmailChoices(this.db, viewer.accountId, choices as Record<string, EmailChoice>);
    return this.choicesOf(viewer.accountId);
  }

  /** Whether the viewer may set office hours: an account with a clinician persona. */
  mayHaveOfficeHours(viewer: Viewer): boolean {
    return isSignedIn(viewer) && isClinician(viewer);
  }

  /** The viewer's office hours, or null when none are set. */
  async officeHours(viewer: Viewer): Promise<OfficeHours | null> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return emailRepo.officeHoursOf(this.db, viewer.accountId);
  }

  /** The office hours of those of these accounts that keep them (question routing asks: ADR 49). */
  async officeHoursOfAccounts(accountIds: string[]): Promise<Map<string, OfficeHours>> {
    return emailRepo.officeHoursOfAccounts(this.db, accountIds);
  }

  /** Sets or clears office hours: only for an account with a clinician persona; a field at fault is a 400 naming it. */
  async setOfficeHours(viewer: Viewer, hours: OfficeHours | null): Promise<OfficeHours | null> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (hours !== null) {
      if (!isClinician(viewer)) throw invalid("officeHours", msg("problem.officeHours.clinicianOnly"));
      const problem = officeHoursProblem(hours);
      if (problem) throw invalid(`officeHours.${problem}`, msg("problem.officeHours.field", { field: problem }));
      hours = { days: [...hours.days].sort(), from: hours.from, to: hours.to, timeZone: hours.timeZone };
    }
    await emailRepo.setOfficeHours(this.db, viewer.accountId, hours);
    return hours;
  }

  /**
   * The mail to send at once about a notification just written, or null: none when its type
   * is not mailed at once, the account has no verified address, or the notification no longer
   * shows to its account (the post went, or the account can no longer read it).
   */
  async immediateMail(notificationId: string): Promise<MailMessage | null> {
    if (!isId(notificationId)) return null;
    const owner = await repo.findNotificationOwner(this.db, notificationId);
    const type = owner ? typeOfKind(owner.kind) : null;
    if (!owner || !type) return null;
    if ((await this.choicesOf(owner.account_id))[type] !== "immediate") return null;
    const viewer = await this.accounts.viewerForAccount(owner.account_id);
    if (!isSignedIn(viewer)) return null;
    const to = await repo.findEmailOfAccount(this.db, owner.account_id);
    if (!to) return null;
    const row = await repo.findOwnNotification(this.db, viewer, notificationId);
    if (!row) return null;
    const t = mailTranslator(this.serverLocale, viewer.locale);
    const unsubscribe = await this.unsubscribeUrl(owner.account_id, type);
    const values = this.sentenceValues(row, t);
    return {
      to,
      subject: values.subject ?? t.text("mail.notify.subject", { type, community: values.community }),
      text: t.text("mail.notify.text", {
        sentence: values.sentence,
        link: this.openLink(row.id),
        typeName: t.text(TYPE_NAME_KEYS[type]),
        unsubscribeLink: unsubscribe,
        settingsLink: `${this.publicUrl}${NOTIFICATION_SETTINGS_PATH}`,
      }),
      headers: unsubscribeHeaders(unsubscribe),
    };
  }

  /**
   * Accounts whose `frequency` digest for the period of `now` is not done yet, a page at a time
   * (the scheduled pass enqueues a job for each).
   */
  async dueDigests(frequency: DigestFrequency, now: Date, after = "", limit = 500): Promise<{ accountIds: string[]; period: string }> {
    const period = digestPeriod(frequency, now);
    return { accountIds: await emailRepo.accountsDueForDigest(this.db, frequency, period, after, limit), period };
  }

  /**
   * What the digest of `period` should be at `now`: done already; held (a clinician outside
   * their office hours: the next pass tries again); or to send, gathering every unread
   * notification of the types on this frequency since the last digest (the mail is null when
   * there are none, or no verified address: the period is then recorded as done, sending nothing).
   */
  async planDigest(accountId: string, frequency: DigestFrequency, period: string, now: Date): Promise<DigestPlan> {
    if (await emailRepo.digestDone(this.db, accountId, frequency, period)) return { kind: "done" };
    const viewer = await this.accounts.viewerForAccount(accountId);
    if (!isSignedIn(viewer)) return { kind: "send", mail: null, coveredUntil: now, count: 0 };
    if (isClinician(viewer)) {
      const hours = await emailRepo.officeHoursOf(this.db, accountId);
      if (hours && !withinOfficeHours(hours, now)) return { kind: "held" };
    }
    const choices = await this.choicesOf(accountId);
    const types = NOTIFICATION_TYPES.filter((type) => choices[type] === frequency);
    const since = (await emailRepo.lastCovered(this.db, accountId, frequency)) ?? new Date(now.getTime() - periodLength(frequency));
    const rows = await repo.listUnreadForDigest(this.db, viewer, types.flatMap((type) => KINDS_OF[type]), since, now, DIGEST_ITEMS + 1);
    const to = rows.length ? await repo.findEmailOfAccount(this.db, accountId) : null;
    if (!to) return { kind: "send", mail: null, coveredUntil: now, count: 0 };
    return { kind: "send", mail: await this.digestMail(viewer, to, frequency, rows), coveredUntil: now, count: rows.length };
  }

  /** Records a period's digest as done, so no rerun sends it again. */
  async recordDigest(accountId: string, frequency: DigestFrequency, period: string, coveredUntil: Date, count: number): Promise<void> {
    await emailRepo.recordDigest(this.db, { account_id: accountId, frequency, period, covered_until: coveredUntil, notification_count: count });
  }

  /** What a token stops, or null when it is not one this server signed (the page shows a 404). */
  async readUnsubscribeToken(token: string): Promise<{ accountId: string; scope: UnsubscribeScope } | null> {
    const [accountId, scope, mac, extra] = token.split(".");
    if (extra !== undefined || !accountId || !scope || !mac || !isId(accountId) || !SCOPES.includes(scope)) return null;
    const expected = Buffer.from(await this.sign(accountId, scope));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { accountId, scope: scope as UnsubscribeScope };
  }

  /** One click: turns off what the token names (a type, or every type on a digest frequency). A bad token is a 404 and changes nothing. */
  async unsubscribe(token: string): Promise<{ scope: UnsubscribeScope }> {
    const read = await this.readUnsubscribeToken(token);
    if (!read) throw notFound(msg("error.notFound.unsubscribe"));
    const choices = await this.choicesOf(read.accountId);
    const off = NOTIFICATION_TYPES.filter((type) => type === read.scope || choices[type] === read.scope);
    await emailRepo.setEmailChoices(this.db, read.accountId, Object.fromEntries(off.map((type) => [type, "off" as const])));
    return { scope: read.scope };
  }

  /** The unsubscribe link of an account and scope. */
  async unsubscribeUrl(accountId: string, scope: UnsubscribeScope): Promise<string> {
    return `${this.publicUrl}${UNSUBSCRIBE_PATH}/${accountId}.${scope}.${await this.sign(accountId, scope)}`;
  }

  private async sign(accountId: string, scope: string): Promise<string> {
    return createHmac("sha256", await this.unsubscribeKey()).update(`${accountId}:${scope}`).digest("base64url");
  }

  private async choicesOf(accountId: string): Promise<EmailChoices> {
    return { ...EMAIL_DEFAULTS, ...(await emailRepo.emailChoicesOf(this.db, accountId)) } as EmailChoices;
  }

  private openLink(notificationId: string): string {
    return `${this.publicUrl}${NOTIFICATIONS_OPEN_PATH}/${notificationId}`;
  }

  /** One notification in a sentence that quotes nothing, naming the thread and its writer only when the thread is public. */
  private sentenceValues(row: repo.NotificationRow, t: Translator): { sentence: string; community: string; subject?: string } {
    const community = row.community_name ?? t.text("outcome.aCommunity");
    if (row.event_id) {
      // An event is named only where anyone could read it; the organisers' words are never quoted (ADR 47).
      const named = row.event_public && row.event_title ? "yes" : "no";
      const values = { named, event: row.event_title ?? "", community, changes: changeWords(row.detail, t), reminder: row.detail === "day" ? "day" : "hours" };
      return { sentence: t.text(EVENT_MAIL_KEYS[row.kind] ?? "mail.notify.eventChanged", values), community, subject: t.text("mail.notify.eventSubject", { kind: row.kind, community }) };
    }
    if (row.kind === "new_follower") return { sentence: t.text("mail.notify.follower"), community };
    if (row.kind === "reactions") return { sentence: t.text("mail.notify.reactions", { count: row.actor_count ?? 1, community }), community };
    // A welcome names the community only: the welcomer's persona beside the address would tie the recipient to who knows them there.
    if (row.kind === "welcome") return { sentence: t.text("mail.notify.welcome", { community }), community };
    if (row.kind === "poll_closed") {
      // The question is the thread's words: named only where anyone could read them.
      if (row.thread_public && row.thread_title && row.poll_question) return { sentence: t.text("mail.notify.pollClosedPublic", { question: row.poll_question, thread: row.thread_title, community }), community };
      return { sentence: t.text("mail.notify.pollClosed", { community }), community };
    }
    const type = typeOfKind(row.kind) ?? "replies";
    if (row.thread_public && row.thread_title && row.actor) {
      return { sentence: t.text("mail.notify.public", { type, actor: row.actor.display_name, thread: row.thread_title, community }), community };
    }
    return { sentence: t.text("mail.notify.private", { type, community }), community };
  }

  private async digestMail(viewer: SignedInViewer, to: string, frequency: DigestFrequency, rows: repo.NotificationRow[]): Promise<MailMessage> {
    const t = mailTranslator(this.serverLocale, viewer.locale);
    const shown = rows.slice(0, DIGEST_ITEMS);
    const items = shown.map((row) => t.text("mail.digest.item", { sentence: this.sentenceValues(row, t).sentence, link: this.openLink(row.id) }));
    if (rows.length > shown.length) items.push(t.text("mail.digest.more"));
    const unsubscribe = await this.unsubscribeUrl(viewer.accountId, frequency);
    return {
      to,
      subject: t.text("mail.digest.subject", { frequency, count: shown.length }),
      text: t.text("mail.digest.text", {
        frequency,
        items: items.join("\n\n"),
        listLink: `${this.publicUrl}/notifications`,
        unsubscribeLink: unsubscribe,
        settingsLink: `${this.publicUrl}${NOTIFICATION_SETTINGS_PATH}`,
      }),
      headers: unsubscribeHeaders(unsubscribe),
    };
  }
}

// Written out, key by key, so the catalogue check sees every key in use.
const EVENT_MAIL_KEYS: Record<string, string> = {
  event_promoted: "mail.notify.eventPromoted",
  event_changed: "mail.notify.eventChanged",
  event_cancelled: "mail.notify.eventCancelled",
  event_message: "mail.notify.eventMessage",
  event_reminder: "mail.notify.eventReminder",
};

/** RFC 8058: a mail client may offer one-click unsubscribe, POSTing List-Unsubscribe=One-Click to the link. */
function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** Office hours are a clinician's: an account with a professional persona. */
const isClinician = (viewer: SignedInViewer) => viewer.personas.some((p) => isClinicianKind(p.kind));
