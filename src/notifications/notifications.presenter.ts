/**
 * The shape in which a notification leaves the server. People in it appear only as
 * persona views: the recipient's own persona it concerns, and the persona that acted.
 * Never an account id, a username, or another persona of either account.
 *
 * An outcome (a decision about the recipient: ADR 31) carries a sentence, the reason the
 * decider gave, and a link; it never names who decided: not the moderator (ADR 11), not
 * the reviewer, not the administrators (the member's audit log names those, ADR 12).
 */
import type { NotificationKind } from "../db/schema.ts";
import { presentPersona, type PersonaView } from "../personas/persona.presenter.ts";
import type { NotificationRow } from "./notifications.repo.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";

/** Opening a notification goes through here: it is marked read, then the reader is sent on. */
export const NOTIFICATIONS_OPEN_PATH = "/notifications/open";

/** Where a one-click unsubscribe link points: /unsubscribe/<token> (ADR 38). */
export const UNSUBSCRIBE_PATH = "/unsubscribe";

/** What one unsubscribe token stops: one type's email, or every type gathered into one digest frequency. */
export type UnsubscribeScope = "replies" | "mentions" | "follows" | "followers" | "reactions" | "polls" | "welcomes" | "events" | "questions" | "daily" | "weekly";

/** Where a member turns outcome emails on and off; every such email links here. */
export const NOTIFICATION_SETTINGS_PATH = "/notifications/settings";

export type PostNotificationKind = "reply" | "mention" | "thread_activity" | "followed_thread" | "followed_space" | "followed_persona";
export const POST_NOTIFICATION_KINDS: readonly string[] = ["reply", "mention", "thread_activity", "followed_thread", "followed_space", "followed_persona"];
export type EventNotificationKind = "event_promoted" | "event_changed" | "event_cancelled" | "event_message" | "event_reminder";
export const EVENT_NOTIFICATION_KINDS: readonly string[] = ["event_promoted", "event_changed", "event_cancelled", "event_message", "event_reminder"];
export type QuestionNotificationKind = "question_routed" | "answer_accepted" | "question_unanswered";
export const QUESTION_NOTIFICATION_KINDS: readonly string[] = ["question_routed", "answer_accepted", "question_unanswered"];
export type OutcomeKind = Exclude<NotificationKind, PostNotificationKind | EventNotificationKind | QuestionNotificationKind | "new_follower" | "reactions" | "poll_closed" | "welcome">;

export type PostNotificationView = {
  id: string;
  kind: PostNotificationKind;
  /** Which of the recipient's personas was replied to or mentioned. */
  persona: PersonaView;
  /** Who replied or mentioned them, as the persona they wrote as. */
  actor: PersonaView;
  thread: { id: string; title: string };
  community: { slug: string; name: string };
  postId: string;
  createdAt: string;
  read: boolean;
};

export type OutcomeNotificationView = {
  id: string;
  kind: OutcomeKind;
  /** What happened, in a sentence. */
  message: string;
  /** The reason the decider gave, when there is one. */
  reason: string | null;
  /** The recipient's own persona it concerns, if any. */
  persona: PersonaView | null;
  community: { slug: string; name: string } | null;
  /** Where on this server to look (a path). */
  link: string;
  createdAt: string;
  read: boolean;
};

/** Reactions to one of the recipient's posts, batched per kind: how many, never who (ADR 35). */
export type ReactionsNotificationView = {
  id: string;
  kind: "reactions";
  reaction: string;
  count: number;
  persona: PersonaView;
  thread: { id: string; title: string };
  community: { slug: string; name: string };
  postId: string;
  createdAt: string;
  read: boolean;
};

/** Someone followed one of the recipient's personas: shown as the persona they follow as, which is public anyway. */
export type FollowerNotificationView = { id: string; kind: "new_follower"; persona: PersonaView; actor: PersonaView; createdAt: string; read: boolean };

/**
 * A poll closed (ADR 41): told to the thread's author, addressed to the persona that asked, and
 * to each account that voted, addressed to no persona (a vote names none: ADR 36).
 */
export type PollClosedNotificationView = {
  id: string;
  kind: "poll_closed";
  persona: PersonaView | null;
  question: string;
  thread: { id: string; title: string };
  community: { slug: string; name: string };
  createdAt: string;
  read: boolean;
};

/** A member welcomed one of the recipient's personas to a community, as the persona they chose (ADR 41). */
export type WelcomeNotificationView = {
  id: string;
  kind: "welcome";
  persona: PersonaView;
  actor: PersonaView;
  community: { slug: string; name: string };
  createdAt: string;
  read: boolean;
};

/**
 * About an event the recipient answered (ADR 47): a place given from the waitlist, a change
 * (which: time, place, link), a cancellation, the organisers' words (the message itself, to
 * its reader alone; never in mail), or a reminder (a day, or two hours, before). `persona` is
 * the one they answered as; `actor` the organiser who wrote a message.
 */
export type EventNotificationView = {
  id: string;
  kind: EventNotificationKind;
  persona: PersonaView | null;
  actor: PersonaView | null;
  event: { id: string; title: string; startsAt: string; timeZone: string };
  community: { slug: string; name: string };
  changes: ("time" | "place" | "link")[];
  reminder: "day" | "hours" | null;
  message: string | null;
  createdAt: string;
  read: boolean;
};

/**
 * The edge network (ADR 51), each addressed to the recipient's persona it concerns:
 * `question_routed`, a question that persona may be able to answer (the persona that was asked:
 * never who else was, nor who asked); `answer_accepted`, the asker (`actor`, the persona the
 * question was asked as) accepted that persona's answer (`postId`); `question_unanswered`, to the
 * asker: nobody suitable is left to ask, and the question stays open.
 */
export type QuestionNotificationView = {
  id: string;
  kind: QuestionNotificationKind;
  persona: PersonaView;
  actor: PersonaView | null;
  thread: { id: string; title: string };
  community: { slug: string; name: string };
  postId: string | null;
  createdAt: string;
  read: boolean;
};

export type NotificationView =
  | PostNotificationView
  | OutcomeNotificationView
  | ReactionsNotificationView
  | FollowerNotificationView
  | PollClosedNotificationView
  | WelcomeNotificationView
  | EventNotificationView
  | QuestionNotificationView;

const NOT_OUTCOMES: readonly string[] = [...POST_NOTIFICATION_KINDS, ...EVENT_NOTIFICATION_KINDS, ...QUESTION_NOTIFICATION_KINDS, "reactions", "new_follower", "poll_closed", "welcome"];
export const isEventNotification = (n: NotificationView): n is EventNotificationView => EVENT_NOTIFICATION_KINDS.includes(n.kind);
export const isQuestionNotification = (n: NotificationView): n is QuestionNotificationView => QUESTION_NOTIFICATION_KINDS.includes(n.kind);
export const isOutcome = (n: NotificationView): n is OutcomeNotificationView => !NOT_OUTCOMES.includes(n.kind);

/** Where the notification's link goes: the post, the follower's page, the poll, the community, or the outcome's page. */
export function targetOf(n: NotificationView): string {
  if (n.kind === "new_follower") return `/personas/${encodeURIComponent(n.actor.id)}`;
  if (n.kind === "poll_closed") return `/t/${encodeURIComponent(n.thread.id)}#poll`;
  if (n.kind === "welcome") return `/c/${encodeURIComponent(n.community.slug)}`;
  if (isEventNotification(n)) return `/events/${encodeURIComponent(n.event.id)}`;
  // A question is a thread: the accepted answer is a post in it.
  if (isQuestionNotification(n)) return `/t/${encodeURIComponent(n.thread.id)}${n.postId ? `#post-${encodeURIComponent(n.postId)}` : ""}`;
  return isOutcome(n) ? n.link : `/t/${n.thread.id}#post-${n.postId}`;
}

/** What changed of an event, in words ("the time and the place"). */
export function changeWords(detail: string | null, t: Translator): string {
  const words = (detail ?? "")
    .split(",")
    .filter((c) => c === "time" || c === "place" || c === "link")
    .map((c) => t.text(CHANGE_KEYS[c]!));
  if (words.length <= 1) return words[0] ?? t.text("events.change.details");
  return t.text("events.change.and", { first: words.slice(0, -1).join(", "), last: words.at(-1)! });
}

// Written out, key by key, so the catalogue check sees every key in use.
const CHANGE_KEYS: Record<string, string> = { time: "events.change.time", place: "events.change.place", link: "events.change.link" };

// Written out, key by key, so the catalogue check sees every key in use.
const OUTCOME_KEYS: Record<OutcomeKind, string> = {
  join_approved: "outcome.joinApproved",
  join_declined: "outcome.joinDeclined",
  clinician_approved: "outcome.clinicianApproved",
  clinician_rejected: "outcome.clinicianRejected",
  name_approved: "outcome.nameApproved",
  name_rejected: "outcome.nameRejected",
  moderation_warning: "outcome.moderationWarning",
  post_hidden: "outcome.postHidden",
  break_glass_waiting: "outcome.breakGlassWaiting",
  account_revealed: "outcome.accountRevealed",
  fork_consent: "outcome.forkConsent",
  fork_invitation: "outcome.forkInvitation",
};

/** The sentence of an outcome in the reader's language, naming only what its recipient already knows (the community they asked to join, their own post). */
export function outcomeSentence(kind: OutcomeKind, community: string | null, t: Translator): string {
  return t.text(OUTCOME_KEYS[kind], { community: community ?? t.text("outcome.aCommunity") });
}

function linkOf(row: NotificationRow, kind: OutcomeKind): string {
  const community = row.community_slug ? `/c/${encodeURIComponent(row.community_slug)}` : "/";
  switch (kind) {
    case "join_approved":
      return community;
    case "join_declined":
      // A hidden community is not for them to see once turned down.
      return row.community_visibility === "hidden" ? "/" : community;
    case "clinician_approved":
    case "clinician_rejected":
    case "name_rejected":
      return "/settings/clinician";
    case "name_approved":
      return row.me ? `/personas/${encodeURIComponent(row.me.id)}` : "/settings/personas";
    case "moderation_warning":
      return "/me/audit-log";
    case "post_hidden":
      if (!row.thread_id) return "/me/audit-log";
      return `/t/${encodeURIComponent(row.thread_id)}${row.subject_id && row.subject_id !== row.thread_id ? `#post-${encodeURIComponent(row.subject_id)}` : ""}`;
    case "break_glass_waiting":
      return "/admin/break-glass";
    case "account_revealed":
      return "/me/audit-log";
    // A fork (ADR 43): the page where its author answers whether their words go, and the fork itself.
    case "fork_consent":
      return `${community}/fork-consent`;
    case "fork_invitation":
      return community;
  }
}

/** One notification for its reader; an outcome's sentence is in `t`'s language. */
export function presentNotification(row: NotificationRow, t: Translator = english()): NotificationView {
  const base = { id: row.id, createdAt: row.created_at.toISOString(), read: row.read_at !== null };
  const community = row.community_slug && row.community_name ? { slug: row.community_slug, name: row.community_name } : null;
  if (row.kind === "new_follower") return { ...base, kind: row.kind, persona: presentPersona(row.me!), actor: presentPersona(row.actor!) };
  if (row.kind === "welcome") return { ...base, kind: row.kind, persona: presentPersona(row.me!), actor: presentPersona(row.actor!), community: community! };
  if (row.kind === "poll_closed") {
    return {
      ...base,
      kind: row.kind,
      persona: row.me ? presentPersona(row.me) : null,
      question: row.poll_question ?? "",
      thread: { id: row.thread_id!, title: row.thread_title ?? "" },
      community: community!,
    };
  }
  if (isEventKind(row.kind)) {
    const changes = (row.detail ?? "").split(",").filter((c): c is "time" | "place" | "link" => c === "time" || c === "place" || c === "link");
    return {
      ...base,
      kind: row.kind,
      persona: row.me ? presentPersona(row.me) : null,
      actor: row.actor ? presentPersona(row.actor) : null,
      event: { id: row.event_id!, title: row.event_title ?? "", startsAt: row.event_starts_at?.toISOString() ?? base.createdAt, timeZone: row.event_time_zone ?? "UTC" },
      community: community!,
      changes: row.kind === "event_changed" ? changes : [],
      reminder: row.kind === "event_reminder" ? (row.detail === "day" ? "day" : "hours") : null,
      message: row.kind === "event_message" ? (row.event_message ?? "") : null,
    };
  }
  if (isQuestionKind(row.kind)) {
    return {
      ...base,
      kind: row.kind,
      persona: presentPersona(row.me!),
      // Only an accepted answer names someone else: the asker, whose question is signed on the thread anyway.
      actor: row.kind === "answer_accepted" && row.actor ? presentPersona(row.actor) : null,
      thread: { id: row.thread_id!, title: row.thread_title ?? "" },
      community: community!,
      postId: row.kind === "answer_accepted" ? row.post_id : null,
    };
  }
  if (row.kind === "reactions") {
    return {
      ...base,
      kind: row.kind,
      reaction: row.reaction_kind ?? "",
      count: row.actor_count ?? 0,
      persona: presentPersona(row.me!),
      thread: { id: row.thread_id!, title: row.thread_title ?? "" },
      community: community!,
      postId: row.post_id!,
    };
  }
  if (isPostKind(row.kind)) {
    return {
      ...base,
      kind: row.kind,
      persona: presentPersona(row.me!),
      actor: presentPersona(row.actor!),
      thread: { id: row.thread_id!, title: row.thread_title ?? "" },
      community: community!,
      postId: row.post_id!,
    };
  }
  return {
    ...base,
    kind: row.kind,
    message: outcomeSentence(row.kind, community?.name ?? null, t),
    reason: row.reason,
    persona: row.me ? presentPersona(row.me) : null,
    community,
    link: linkOf(row, row.kind),
  };
}

function isEventKind(kind: NotificationKind): kind is EventNotificationKind {
  return EVENT_NOTIFICATION_KINDS.includes(kind);
}

function isQuestionKind(kind: NotificationKind): kind is QuestionNotificationKind {
  return QUESTION_NOTIFICATION_KINDS.includes(kind);
}

function isPostKind(kind: NotificationKind): kind is PostNotificationKind {
  return POST_NOTIFICATION_KINDS.includes(kind);
}
