/**
 * Typed domain events. Services publish them inside the transaction that made the
 * change; notifications, search and federation subscribe by type. Payloads hold
 * ids only: a subscriber reads what it needs, so a later erasure is respected.
 *
 * Each payload has a TypeBox schema, checked when the event is published and again
 * when a subscriber's job receives it (a row in the job table can be written or kept
 * from an older release by something other than `publish`); the TypeScript type is
 * derived from the schemas, so the two cannot drift.
 */
import { Type, type Static, type TObject, type TProperties } from "typebox";
import { Value } from "typebox/value";

/** Ids are text keys; bounded so a corrupt row cannot carry a payload of any size. */
const Id = Type.String({ minLength: 1, maxLength: 200 });

/** One event's schema: its literal type and its fields, and nothing else (payloads carry ids only). */
function event<T extends string, P extends TProperties>(type: T, fields: P) {
  return Type.Object({ type: Type.Literal(type), ...fields }, { additionalProperties: false });
}

const inCommunity = { communityId: Id };
const member = { communityId: Id, accountId: Id };
const post = { communityId: Id, threadId: Id, postId: Id };

const schemas = [
  event("account.created", { accountId: Id }),
  // Accounts (src/accounts, ADR 29): a link to mail. The job makes the link, so no token waits in the queue;
  // a reset request carries no ids when nothing matched, so it is queued either way.
  event("account.email_verification_requested", { accountId: Id }),
  event("account.password_reset_requested", { accountIds: Type.Array(Id, { maxItems: 10 }) }),
  event("community.created", inCommunity),
  event("community.charter_changed", inCommunity),
  // Forks (src/forks, ADR 43): a fork made (its id); the parent's members are invited, those whose default is "ask" asked.
  event("fork.created", inCommunity),
  event("membership.requested", member),
  event("membership.joined", member),
  // A request to join decided by a manager (a join straight into an open community is `membership.joined` alone).
  event("membership.request_decided", { ...member, decision: Type.Union([Type.Literal("approved"), Type.Literal("declined")]) }),
  event("membership.left", member),
  event("thread.created", post),
  event("post.created", post),
  event("post.edited", post),
  event("post.deleted", post),
  event("persona.created", { personaId: Id }),
  // Follows (src/follows, ADR 35): a persona followed by another, and a reaction given (batched into one notification per post and kind).
  event("persona.followed", { personaId: Id, followerPersonaId: Id }),
  event("reaction.given", {
    ...post,
    kind: Type.Union([Type.Literal("thanks"), Type.Literal("me_too"), Type.Literal("hug"), Type.Literal("helpful")]),
    // Who gave it, as the persona they chose (its account marks its "react" step: src/participation).
    byPersonaId: Id,
  }),
  // Polls (src/polls, ADR 41): a poll's close date came. Published when the poll is asked, its jobs held until then.
  event("poll.closing", { communityId: Id, threadId: Id, pollId: Id }),
  // Events and meet-ups (src/meetups, ADR 45). Scheduled: made, or its time changed (its reminders are
  // queued for the new time; a reminder for an old time finds the event moved and does nothing).
  event("meetup.scheduled", { communityId: Id, eventId: Id }),
  // Its time, place or link changed: `changes` lists which ("time,place").
  event("meetup.changed", { communityId: Id, eventId: Id, changes: Type.String({ maxLength: 100, pattern: "^[a-z]+(,[a-z]+)*$" }) }),
  event("meetup.cancelled", { communityId: Id, eventId: Id }),
  // Its end came (held until then; one for each time it was set: a handler finds whether it really ended).
  event("meetup.ended", { communityId: Id, eventId: Id }),
  // Someone waiting was given a place (in turn, or moved by an organiser).
  event("meetup.promoted", { communityId: Id, eventId: Id, accountId: Id }),
  event("meetup.message", { communityId: Id, eventId: Id, messageId: Id }),
  // A reminder's moment came (ADR 47): published when the event is scheduled, its jobs held until a day
  // (`day`) or two hours (`hours`) before `startsAt`, the start it was queued for.
  event("meetup.reminder_due", {
    communityId: Id,
    eventId: Id,
    reminder: Type.Union([Type.Literal("day"), Type.Literal("hours")]),
    startsAt: Type.String({ maxLength: 40, format: "date-time" }),
  }),
  // The edge network (src/questions, ADR 49): a question was routed to one person (as one of their personas);
  // its timed re-route came due for `round` (a job for a round already past does nothing); the asker accepted
  // an answer; nobody suitable was left to ask.
  event("question.routed", { communityId: Id, threadId: Id, accountId: Id, personaId: Id }),
  event("question.reroute_due", { communityId: Id, threadId: Id, round: Type.Integer({ minimum: 1, maximum: 1000 }) }),
  event("answer.accepted", { communityId: Id, threadId: Id, postId: Id }),
  event("question.exhausted", { communityId: Id, threadId: Id }),
  // Participation (src/participation, ADR 41): a member welcomed a newcomer's persona with one tap, as one of their own.
  event("member.welcomed", { communityId: Id, welcomeId: Id, personaId: Id, byPersonaId: Id }),
  // Check-ins (src/checkins, ADR 37): a member's first check-in of a day.
  event("checkin.made", member),
  // A verified professional persona took a new name: it goes back to review, its badge paused (ADR 31).
  event("persona.renamed", { personaId: Id }),
  event("clinician.verification_requested", { verificationId: Id }),
  event("clinician.verification_decided", { verificationId: Id, decision: Type.Union([Type.Literal("approved"), Type.Literal("rejected")]) }),
  // Moderation (src/moderation): a flag raised, an action taken (hide, warn, suspend …).
  event("flag.created", { communityId: Id, flagId: Id }),
  event("moderation.action_taken", { communityId: Id, actionId: Id }),
  // Break-glass (src/moderation): a request waiting for a second administrator; an account read by the one who asked.
  event("break_glass.requested", { requestId: Id }),
  event("break_glass.revealed", { requestId: Id }),
] as const;

const DomainEventSchema = Type.Union([...schemas]);

export type DomainEvent = Static<typeof DomainEventSchema>;
export type DomainEventType = DomainEvent["type"];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

const schemaByType = new Map<string, TObject>(schemas.map((schema) => [schema.properties.type.const, schema]));

/** Whether `payload` is a well-formed event of the given type (the type is the subscriber's, not the payload's claim). */
export function isEventOf<T extends DomainEventType>(type: T, payload: unknown): payload is EventOf<T> {
  const schema = schemaByType.get(type);
  return schema !== undefined && Value.Check(schema, payload);
}
