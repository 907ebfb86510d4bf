/**
 * The types of notification a member can turn off (PUT /api/v1/me/preferences, ADR 35), and
 * which of them each post notification belongs to. Outcomes (decisions about the member)
 * are their own news and are always written.
 *
 * When one post concerns an account for several reasons, it is told once, for the first
 * reason in REASON_ORDER whose type it has on. Being a thread's author and following it
 * are one reason ("replies"): turning replies off is not undone by the auto-follow.
 */
import type { NotificationKind } from "../db/schema.ts";

export const NOTIFICATION_TYPES = ["replies", "mentions", "follows", "followers", "reactions", "polls", "welcomes", "events", "questions"] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export type NotificationTypes = Record<NotificationType, boolean>;

export type PostReason = "mention" | "reply" | "followed_thread" | "followed_persona" | "followed_space";

export type Candidate = { accountId: string; personaId: string; kind: PostReason & NotificationKind };

/**
 * One recipient per account from candidates listed in order of reason (mention, reply,
 * followed thread, followed persona, followed space): the first whose type the account has
 * on. Nobody is told about their own words, under any persona.
 */
export function chooseRecipients(candidates: Candidate[], authorAccountId: string, turnedOff: Map<string, Set<string>>): Candidate[] {
  const threadAuthors = new Set(candidates.filter((c) => c.kind === "reply").map((c) => c.accountId));
  const decided = new Set<string>([authorAccountId]);
  const chosen: Candidate[] = [];
  for (const candidate of candidates) {
    if (decided.has(candidate.accountId)) continue;
    if (candidate.kind === "followed_thread" && threadAuthors.has(candidate.accountId)) continue; // the same reason as "reply"
    if (turnedOff.get(candidate.accountId)?.has(typeOfKind(candidate.kind)!)) continue;
    decided.add(candidate.accountId);
    chosen.push(candidate);
  }
  return chosen;
}

/**
 * Email per type (ADR 38): off, each one as it happens, or gathered into a daily or weekly
 * digest. Replies and mentions are addressed to the member, so they are mailed at once until
 * changed; follows and reactions can be many a day and followers say little, so they are off
 * until chosen. Poll closings and welcomes (ADR 41) are off too: nothing in them needs the
 * member to come back now, and a digest cannot be a default (the scheduled pass finds only
 * accounts that chose one). Events (ADR 47: a place given, a change, a cancellation, the
 * organisers' words, a reminder) are mailed at once: each asks for something soon. So are
 * questions (ADR 51: a question routed to you, your answer accepted, your question with nobody
 * left to ask): a routed question asks for help while it is still needed. Outcomes have their
 * own switch (ADR 31).
 */
export const EMAIL_CHOICES = ["off", "immediate", "daily", "weekly"] as const;
export type EmailChoice = (typeof EMAIL_CHOICES)[number];
export type EmailChoices = Record<NotificationType, EmailChoice>;
export const EMAIL_DEFAULTS: EmailChoices = { replies: "immediate", mentions: "immediate", follows: "off", followers: "off", reactions: "off", polls: "off", welcomes: "off", events: "immediate", questions: "immediate" };
export const DIGEST_FREQUENCIES = ["daily", "weekly"] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** The kinds of each type (which gathers a digest, and gives each kind its type: typeOfKind). */
export const KINDS_OF: Record<NotificationType, NotificationKind[]> = {
  replies: ["reply", "thread_activity"],
  mentions: ["mention"],
  follows: ["followed_thread", "followed_persona", "followed_space"],
  followers: ["new_follower"],
  reactions: ["reactions"],
  polls: ["poll_closed"],
  welcomes: ["welcome"],
  events: ["event_promoted", "event_changed", "event_cancelled", "event_message", "event_reminder"],
  questions: ["question_routed", "answer_accepted", "question_unanswered"],
};

const TYPE_OF_KIND = new Map<NotificationKind, NotificationType>(NOTIFICATION_TYPES.flatMap((type) => KINDS_OF[type].map((kind) => [kind, type] as const)));

/** The type a notification of this kind belongs to; null for outcomes, which are not chosen per type. */
export const typeOfKind = (kind: NotificationKind): NotificationType | null => TYPE_OF_KIND.get(kind) ?? null;
