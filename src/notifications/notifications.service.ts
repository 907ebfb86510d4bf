/**
 * Notifications: telling an account that someone replied to a thread one of its
 * personas started, or mentioned one of its personas. They are made in the
 * background (event subscribers, notifications.job.ts) and read by their account only.
 *
 * Unlinkability: accounts are compared here, inside the server, so that nobody is
 * told about their own words written under another persona; what goes out names
 * only personas. A mention never tells someone about a post they cannot read.
 */
import type { Db } from "../db/connection.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { FollowsService } from "../follows/follows.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import type { PollsService } from "../polls/polls.service.ts";
import type { MeetupsService } from "../meetups/meetups.service.ts";
import { chooseRecipients, NOTIFICATION_TYPES, type Candidate, type NotificationTypes } from "./notification-types.ts";
import type { NotificationKind } from "../db/schema.ts";
import { NotificationWriter, type NotificationWritten } from "./notification-writer.ts";
import { QuestionNotices } from "./question-notices.ts";
import { EventNotices } from "./event-notices.ts";
import { readersAmong, type ReadingPlace } from "./thread-readers.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { isNotFound, notFound, notSignedIn } from "../shared/errors.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { mentionedPersonaIds } from "./mentions.ts";
import { outcomeSentence, presentNotification, targetOf, type NotificationView, type OutcomeKind } from "./notifications.presenter.ts";
import * as repo from "./notifications.repo.ts";
import { mailTranslator } from "../mail/mail-language.ts";
import type { Locale } from "../shared/i18n/locales.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";
import { NOTIFICATION_SETTINGS_PATH, NOTIFICATIONS_OPEN_PATH } from "./notifications.presenter.ts";
import { msg } from "../shared/i18n/message.ts";
export { NOTIFICATION_SETTINGS_PATH, NOTIFICATIONS_OPEN_PATH };


/** A member's event reminders (ADR 47): a day before, and two hours before; both on until turned off. */
export type EventReminders = { dayBefore: boolean; twoHoursBefore: boolean };

/** The unread count stops here; the header shows "99+" beyond it. */
export const UNREAD_CAP = 100;



/**
 * An outcome to tell one account about (ADR 31). `source` names what it is about, so one
 * account is told once whatever runs again ("moderation:<action id>"). `personaId` is the
 * recipient's own persona it concerns; nothing here names whoever decided.
 */
export type Outcome = {
  accountId: string;
  kind: OutcomeKind;
  source: string;
  at: Date;
  personaId?: string | null;
  communityId?: string | null;
  threadId?: string | null;
  subjectId?: string | null;
  reason?: string | null;
};

/** An email about an outcome: to the account's address, with a link and the way to stop them. */
export type OutcomeMail = { to: string; subject: string; text: string };

// Written out, key by key, so the catalogue check sees every key in use.
const MAIL_SUBJECT_KEYS: Record<OutcomeKind, string> = {
  join_approved: "mail.outcome.joinApproved",
  join_declined: "mail.outcome.joinDeclined",
  clinician_approved: "mail.outcome.clinicianApproved",
  clinician_rejected: "mail.outcome.clinicianRejected",
  name_approved: "mail.outcome.nameApproved",
  name_rejected: "mail.outcome.nameRejected",
  moderation_warning: "mail.outcome.moderationWarning",
  post_hidden: "mail.outcome.postHidden",
  break_glass_waiting: "mail.outcome.breakGlassWaiting",
  account_revealed: "mail.outcome.accountRevealed",
  fork_consent: "mail.outcome.forkConsent",
  fork_invitation: "mail.outcome.forkInvitation",
};

/** Outcomes whose notification carries the reason given (the mail says there is one, never what). */
const WITH_REASON = new Set<OutcomeKind>(["clinician_rejected", "name_rejected", "moderation_warning", "post_hidden"]);

export type { NotificationWritten };

export class NotificationsService {
  private readonly writer: NotificationWriter;
  /** The edge network's notices (ADR 51), kept apart: a question routed, an answer accepted, nobody left to ask. */
  readonly questions: QuestionNotices;
  /** Events and meet-ups (ADR 47): a place given, a change, a cancellation, the organisers' words, reminders. */
  readonly events: EventNotices;

  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly communities: CommunitiesService,
    private readonly follows: FollowsService,
    private readonly personas: PersonasService,
    private readonly polls: PollsService,
    meetups: MeetupsService,
    private readonly publicUrl: string,
    /** The language of mail to an account that chose none (HEARTH_LOCALE). */
    private readonly serverLocale: Locale,
  ) {
    this.writer = new NotificationWriter(db);
    this.questions = new QuestionNotices(db, accounts, communities, this.writer);
    this.events = new EventNotices(db, accounts, personas, meetups, this.writer);
  }

  /** Sets what happens in the transaction that writes a notification (the composition root binds the mail job). */
  whenWritten(hook: NotificationWritten): void {
    this.writer.whenWritten(hook);
  }

  /**
   * Calls `listener` when a notification of the account is written in this process (a live
   * count's cue to count again; other processes' writes are found by its polling). Answers
   * the function that stops it.
   */
  watchUnread(viewer: Viewer, listener: () => void): () => void {
    if (!isSignedIn(viewer)) return () => {};
    return this.writer.watch(viewer.accountId, listener);
  }

  /** Writes a notification with `insert` and, when it was new, runs the hook in the same transaction; then tells live counts. */
  private async write(accountId: string, insert: (trx: Db) => Promise<string | null>): Promise<void> {
    await this.writer.write(accountId, insert);
  }

  /** The viewer's notifications, newest first; outcomes are said in `t`'s language (the reader's). */
  async list(viewer: Viewer, cursor?: string, limit = 30, t: Translator = english()): Promise<Page<NotificationView>> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const rows = await repo.listNotifications(this.db, viewer, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), (row) => presentNotification(row, t));
  }

  /** How many of the viewer's notifications are unread (up to UNREAD_CAP); 0 for a guest. */
  async unreadCount(viewer: Viewer): Promise<number> {
    if (!isSignedIn(viewer)) return 0;
    return repo.countUnread(this.db, viewer, UNREAD_CAP);
  }

  /** Marks the viewer's notifications read: those listed, or all of them. Ids that are not theirs change nothing. */
  async markRead(viewer: Viewer, ids?: string[]): Promise<{ unread: number }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await repo.markRead(this.db, viewer.accountId, ids?.filter(isId));
    return { unread: await this.unreadCount(viewer) };
  }

  /**
   * Opens one of the viewer's notifications: marks it read and answers where its link goes.
   * Someone else's, or one that no longer shows, is not found.
   */
  async open(viewer: Viewer, id: string): Promise<{ target: string }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const row = isId(id) ? await repo.findOwnNotification(this.db, viewer, id) : undefined;
    if (!row) throw notFound(msg("error.notFound.notification"));
    await repo.markRead(this.db, viewer.accountId, [row.id]);
    return { target: targetOf(presentNotification(row)) };
  }

  /** The viewer's email settings: whether outcomes are mailed, and whether there is an address to mail. */
  async emailSettings(viewer: Viewer): Promise<{ outcomeEmails: boolean; hasEmail: boolean }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const [outcomeEmails, email] = await Promise.all([repo.wantsOutcomeEmails(this.db, viewer.accountId), repo.findEmailOfAccount(this.db, viewer.accountId)]);
    return { outcomeEmails, hasEmail: email !== null };
  }

  async setOutcomeEmails(viewer: Viewer, wanted: boolean): Promise<{ outcomeEmails: boolean; hasEmail: boolean }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await repo.setOutcomeEmails(this.db, viewer.accountId, wanted);
    return this.emailSettings(viewer);
  }

  /**
   * Records an outcome for its account, once per source however often it runs; answers the
   * notification's id (for the job's record of mail sent) and the mail to send, if the
   * account has an email and wants these. Nobody closed or suspended is told.
   */
  async tell(outcome: Outcome): Promise<{ notificationId: string; mail: OutcomeMail | null } | null> {
    const viewer = await this.accounts.viewerForAccount(outcome.accountId);
    if (!isSignedIn(viewer)) return null;
    const notificationId = await repo.insertOutcome(this.db, {
      id: newId(),
      account_id: outcome.accountId,
      kind: outcome.kind,
      source_key: outcome.source,
      persona_id: outcome.personaId ?? null,
      community_id: outcome.communityId ?? null,
      thread_id: outcome.threadId ?? null,
      subject_id: outcome.subjectId ?? null,
      reason: outcome.reason ?? null,
      created_at: outcome.at,
    });
    const email = await repo.findEmailOfAccount(this.db, outcome.accountId);
    if (!email || !(await repo.wantsOutcomeEmails(this.db, outcome.accountId))) return { notificationId, mail: null };
    const community = outcome.communityId ? await this.communities.nameOf(outcome.communityId) : null;
    // No browser asks for a language here: the account's own, else the server's.
    const t = mailTranslator(this.serverLocale, viewer.locale);
    return { notificationId, mail: this.mailFor(email, outcome.kind, notificationId, community?.name ?? null, t) };
  }

  /**
   * The mail about an outcome names no persona and carries no reason: a mailbox is read by
   * others and kept for years, and a persona's name beside an address would tie the two.
   * It says what kind of thing happened and links to the notification (ADR 31).
   */
  private mailFor(to: string, kind: OutcomeKind, notificationId: string, community: string | null, t: Translator): OutcomeMail {
    return {
      to,
      subject: t.text(MAIL_SUBJECT_KEYS[kind], { community: community ?? t.text("outcome.aCommunity") }),
      text: t.text("mail.outcome.text", {
        sentence: outcomeSentence(kind, community, t),
        withReason: WITH_REASON.has(kind) ? "yes" : "no",
        link: `${this.publicUrl}${NOTIFICATIONS_OPEN_PATH}/${notificationId}`,
        settingsLink: `${this.publicUrl}${NOTIFICATION_SETTINGS_PATH}`,
      }),
    };
  }

  /**
   * A post was written or edited: records whom it mentions, and tells them; for a new post
   * (`fanOut`) also the thread's author (a reply), the followers of its thread (a reply), of
   * its author's persona, and of its space (a new thread). Each account is told once, for
   * the first reason whose type it has on (notification-types.ts), and only when it may read
   * the post. Safe to run twice (a retried job tells no one twice: one row per account and post).
   */
  async notePostWritten(postId: string, options: { reply: boolean; fanOut?: boolean }): Promise<void> {
    const post = await repo.findPostForNotifying(this.db, postId);
    if (!post || post.deleted_at) return;
    const mentioned = await repo.findActivePersonas(this.db, mentionedPersonaIds(post.body, this.publicUrl));
    await this.db.transaction().execute(async (trx) => {
      await repo.replaceMentions(
        trx,
        post.id,
        post.community_id,
        mentioned.map((p) => p.id),
      );
    });
    const candidates: Candidate[] = mentioned.map((p) => ({ accountId: p.account_id, personaId: p.id, kind: "mention" }));
    if (options.reply) candidates.push({ accountId: post.thread_author_account_id, personaId: post.thread_author_persona_id, kind: "reply" });
    if (options.fanOut) {
      const as = (kind: Candidate["kind"]) => (f: { accountId: string; personaId: string }): Candidate => ({ ...f, kind });
      if (options.reply) candidates.push(...(await this.follows.followersOf("thread", post.thread_id)).map(as("followed_thread")));
      candidates.push(...(await this.follows.followersOf("persona", post.author_persona_id)).map(as("followed_persona")));
      if (!options.reply) candidates.push(...(await this.follows.followersOf("space", post.space_id)).map(as("followed_space")));
    }
    const turnedOff = await repo.typesTurnedOff(this.db, [...new Set(candidates.map((c) => c.accountId))]);
    const recipients = chooseRecipients(candidates, post.author_account_id, turnedOff);
    const readers = await this.readers(recipients.map((r) => r.accountId), post);
    for (const recipient of recipients) {
      if (!readers.has(recipient.accountId)) continue;
      await this.write(recipient.accountId, (trx) => repo.insertNotification(trx, {
        id: newId(),
        account_id: recipient.accountId,
        persona_id: recipient.personaId,
        kind: recipient.kind,
        community_id: post.community_id,
        thread_id: post.thread_id,
        post_id: post.id,
        actor_persona_id: post.author_persona_id,
        // When it happened (the post, or the edit that added the mention), not when the job ran:
        // jobs run in batches, and the list is in the order things were said.
        created_at: post.edited_at ?? post.created_at,
      }));
    }
  }

  /**
   * A persona was followed: its account is told, showing the follower as the persona it
   * followed as (public anyway; never the account behind it). Once per follower and persona,
   * however often it runs or they unfollow and follow again; nothing once they unfollowed.
   */
  async noteFollowed(personaId: string, followerPersonaId: string): Promise<void> {
    const owner = await this.personas.ownerOf(personaId);
    if (!owner || owner.status !== "active") return;
    if (!(await this.follows.stillFollows(followerPersonaId, personaId))) return;
    if ((await repo.typesTurnedOff(this.db, [owner.account_id])).get(owner.account_id)?.has("followers")) return;
    if (!isSignedIn(await this.accounts.viewerForAccount(owner.account_id))) return;
    await this.write(owner.account_id, (trx) => repo.insertKeyed(trx, {
      id: newId(),
      account_id: owner.account_id,
      kind: "new_follower",
      source_key: `follower:${followerPersonaId}:${personaId}`,
      persona_id: personaId,
      actor_persona_id: followerPersonaId,
      created_at: new Date(),
    }));
  }

  /**
   * A reaction was given: the post's author has one notification per post and kind, saying
   * how many people gave it ("5 people said thanks"), never who. Rerunning finds the same
   * count and changes nothing.
   */
  async noteReactions(postId: string, kind: string): Promise<void> {
    const post = await repo.findPostForNotifying(this.db, postId);
    if (!post || post.deleted_at) return;
    const { count, latest } = await repo.reactionsFromOthers(this.db, post.id, kind, post.author_account_id);
    if (count === 0 || !latest) return;
    if ((await repo.typesTurnedOff(this.db, [post.author_account_id])).get(post.author_account_id)?.has("reactions")) return;
    if (!(await this.readers([post.author_account_id], post)).has(post.author_account_id)) return;
    await this.write(post.author_account_id, (trx) => repo.upsertReactions(trx, {
      id: newId(),
      account_id: post.author_account_id,
      persona_id: post.author_persona_id,
      community_id: post.community_id,
      thread_id: post.thread_id,
      post_id: post.id,
      source_key: `reactions:${post.id}:${kind}`,
      reaction_kind: kind,
      actor_count: count,
      created_at: latest,
    }));
  }

  /**
   * A poll's close date came (ADR 41): the thread's author, as the persona that asked, and
   * every account that voted, as no persona (a vote names none, ADR 36), are told once each,
   * however often this runs (source_key 'poll-closed:<poll>', one per account). Nobody who
   * turned poll closings off, can no longer read the thread, or is suspended is told.
   * Nothing is written for a poll not closed yet (a job that ran early) or gone.
   */
  async notePollClosed(pollId: string): Promise<void> {
    const closing = await this.polls.closingForNotice(pollId);
    if (!closing) return;
    const accounts = [closing.author.accountId, ...closing.voterAccountIds.filter((id) => id !== closing.author.accountId)];
    const turnedOff = await repo.typesTurnedOff(this.db, accounts);
    for (const accountId of accounts) {
      if (turnedOff.get(accountId)?.has("polls")) continue;
      const viewer = await this.accounts.viewerForAccount(accountId);
      if (!isSignedIn(viewer) || !(await this.polls.readableBy(viewer, closing.pollId))) continue;
      await this.write(accountId, (trx) => repo.insertKeyed(trx, {
        id: newId(),
        account_id: accountId,
        kind: "poll_closed",
        source_key: `poll-closed:${closing.pollId}`,
        persona_id: accountId === closing.author.accountId ? closing.author.personaId : null,
        actor_persona_id: null,
        community_id: closing.communityId,
        thread_id: closing.threadId,
        subject_id: closing.pollId,
        created_at: closing.closedAt,
      }));
    }
  }

  /**
   * A member welcomed a newcomer's persona (ADR 41): its account is told, naming the persona
   * welcomed and the one that welcomed (never the account behind either). Once per welcome
   * (source_key 'welcome:<id>'), however often this runs; nothing once either persona is
   * retired, or the newcomer left, turned welcomes off or is suspended.
   */
  async noteWelcomed(event: { communityId: string; welcomeId: string; personaId: string; byPersonaId: string }): Promise<void> {
    const [newcomer, welcomer] = await Promise.all([this.personas.ownerOf(event.personaId), this.personas.ownerOf(event.byPersonaId)]);
    if (!newcomer || newcomer.status !== "active" || !welcomer || welcomer.status !== "active") return;
    if ((await repo.typesTurnedOff(this.db, [newcomer.account_id])).get(newcomer.account_id)?.has("welcomes")) return;
    const viewer = await this.accounts.viewerForAccount(newcomer.account_id);
    const community = await this.communities.nameOf(event.communityId);
    if (!isSignedIn(viewer) || !community) return;
    const membership = await this.communities.access(viewer, community.slug).then((a) => a.membership, (error: unknown) => {
      if (isNotFound(error)) return null;
      throw error;
    });
    if (membership?.status !== "member") return;
    await this.write(newcomer.account_id, (trx) => repo.insertKeyed(trx, {
      id: newId(),
      account_id: newcomer.account_id,
      kind: "welcome",
      source_key: `welcome:${event.welcomeId}`,
      persona_id: event.personaId,
      actor_persona_id: event.byPersonaId,
      community_id: community.id,
      created_at: new Date(),
    }));
  }

  /** Which event reminders the viewer has on (both until turned off). */
  async eventReminders(viewer: Viewer): Promise<EventReminders> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const off = (await repo.remindersTurnedOff(this.db, [viewer.accountId])).get(viewer.accountId) ?? new Set();
    return { dayBefore: !off.has("dayBefore"), twoHoursBefore: !off.has("twoHoursBefore") };
  }

  /** Turns event reminders on or off (those given; the other stays as it was). */
  async setEventReminders(viewer: Viewer, reminders: Partial<EventReminders>): Promise<EventReminders> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const known = Object.fromEntries(Object.entries(reminders).filter(([name, on]) => (name === "dayBefore" || name === "twoHoursBefore") && typeof on === "boolean"));
    await repo.setReminders(this.db, viewer.accountId, known);
    return this.eventReminders(viewer);
  }

  /** Which types of notification the viewer has on (all of them until turned off). */
  async notificationTypes(viewer: Viewer): Promise<NotificationTypes> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const off = (await repo.typesTurnedOff(this.db, [viewer.accountId])).get(viewer.accountId) ?? new Set();
    return Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, !off.has(type)])) as NotificationTypes;
  }

  /** Turns types on or off (those named; the rest stay as they were). A type off is not written from now on. */
  async setNotificationTypes(viewer: Viewer, types: Partial<NotificationTypes>): Promise<NotificationTypes> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const known = Object.fromEntries(Object.entries(types).filter(([type, on]) => (NOTIFICATION_TYPES as readonly string[]).includes(type) && typeof on === "boolean"));
    await repo.setNotificationTypes(this.db, viewer.accountId, known);
    return this.notificationTypes(viewer);
  }

  /** A post was deleted: its mentions and what was said about it go too. */
  async forgetPost(postId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteMentionsOfPost(trx, postId);
      await repo.deleteNotificationsOfPost(trx, postId);
    });
  }

  /** Which of these accounts may read a post where it is (thread-readers.ts). */
  private async readers(accountIds: string[], where: ReadingPlace): Promise<Set<string>> {
    return readersAmong(this.accounts, this.communities, accountIds, where);
  }
}
