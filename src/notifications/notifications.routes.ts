/** HTTP API for notifications: the signed-in account's own, and marking them read. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, Page, PageQuery, PersonaViewSchema } from "../http/schemas.ts";
import type { Services } from "../composition.ts";
import { notSignedIn } from "../shared/errors.ts";
import { RateLimitedError } from "../shared/rate-limits.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";

/** The viewer's preferences: which types are written, each type's email, and office hours. */
async function preferencesOf(services: Services, viewer: Viewer) {
  return {
    notifications: await services.notifications.notificationTypes(viewer),
    email: await services.notificationEmail.emailChoices(viewer),
    officeHours: await services.notificationEmail.officeHours(viewer),
    travelWithForks: await services.forks.travelWithForks(viewer),
    eventReminders: await services.notifications.eventReminders(viewer),
  };
}

const PostNotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal("reply"), Type.Literal("mention"), Type.Literal("thread_activity"), Type.Literal("followed_thread"), Type.Literal("followed_space"), Type.Literal("followed_persona")], {
    description: "reply: to your thread; mention; followed_thread, followed_space, followed_persona: in what you follow",
  }),
  persona: PersonaViewSchema,
  actor: PersonaViewSchema,
  thread: Type.Object({ id: Type.String(), title: Type.String() }),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  postId: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  read: Type.Boolean(),
});

/** An outcome: a decision about the account (ADR 31). It names no one who decided. */
const OutcomeNotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([
    Type.Literal("join_approved"),
    Type.Literal("join_declined"),
    Type.Literal("clinician_approved"),
    Type.Literal("clinician_rejected"),
    Type.Literal("name_approved"),
    Type.Literal("name_rejected"),
    Type.Literal("moderation_warning"),
    Type.Literal("post_hidden"),
    Type.Literal("break_glass_waiting"),
    Type.Literal("account_revealed"),
    Type.Literal("fork_consent"),
    Type.Literal("fork_invitation"),
  ]),
  message: Type.String({ description: "What happened, in a sentence" }),
  reason: Type.Union([Type.String(), Type.Null()], { description: "The reason the decider gave" }),
  persona: Type.Union([PersonaViewSchema, Type.Null()], { description: "Your own persona it concerns" }),
  community: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
  link: Type.String({ description: "A path on this server" }),
  createdAt: Type.String({ format: "date-time" }),
  read: Type.Boolean(),
});

/** Reactions to your post, one per kind, counted: never who (ADR 35). */
const ReactionsNotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Literal("reactions"),
  reaction: Type.String({ description: "thanks, me_too, hug or helpful" }),
  count: Type.Integer({ description: "How many people gave it (not counting you)" }),
  persona: PersonaViewSchema,
  thread: Type.Object({ id: Type.String(), title: Type.String() }),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  postId: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  read: Type.Boolean(),
});

/** A persona followed one of yours: shown as the persona it follows as (public), never its account. */
const FollowerNotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Literal("new_follower"),
  persona: PersonaViewSchema,
  actor: PersonaViewSchema,
  createdAt: Type.String({ format: "date-time" }),
  read: Type.Boolean(),
});

/** A poll closed (ADR 41): persona is the one that asked, for the thread's author; null for a voter (a vote names no persona). */
const PollClosedNotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Literal("poll_closed"),
  persona: Type.Union([PersonaViewSchema, Type.Null()], { description: "Your persona that asked the poll; null when you are told as a voter" }),
  question: Type.String(),
  thread: Type.Object({ id: Type.String(), title: Type.String() }),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  createdAt: Type.String({ format: "date-time", description: "When the poll closed" }),
  read: Type.Boolean(),
});

/** A member welcomed one of your personas to a community, as the persona they chose (ADR 41). */
const WelcomeNotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Literal("welcome"),
  persona: PersonaViewSchema,
  actor: PersonaViewSchema,
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  createdAt: Type.String({ format: "date-time" }),
  read: Type.Boolean(),
});

/** About an event you answered (ADR 47): a place given, a change, a cancellation, the organisers' words, a reminder. */
const EventNotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal("event_promoted"), Type.Literal("event_changed"), Type.Literal("event_cancelled"), Type.Literal("event_message"), Type.Literal("event_reminder")], {
    description: "event_promoted: you have a place (from the waitlist); event_changed; event_cancelled; event_message: the organisers wrote; event_reminder",
  }),
  persona: Type.Union([PersonaViewSchema, Type.Null()], { description: "The persona you answered as" }),
  actor: Type.Union([PersonaViewSchema, Type.Null()], { description: "The organiser who wrote (event_message)" }),
  event: Type.Object({ id: Type.String(), title: Type.String(), startsAt: Type.String({ format: "date-time" }), timeZone: Type.String() }),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  changes: Type.Array(Type.Union([Type.Literal("time"), Type.Literal("place"), Type.Literal("link")]), { description: "What changed (event_changed)" }),
  reminder: Type.Union([Type.Literal("day"), Type.Literal("hours"), Type.Null()], { description: "day: a day before; hours: two hours before (event_reminder)" }),
  message: Type.Union([Type.String(), Type.Null()], { description: "The organisers' words (event_message)" }),
  createdAt: Type.String({ format: "date-time" }),
  read: Type.Boolean(),
});

/**
 * The edge network (ADR 51), addressed to your persona it concerns: a question it may be able to
 * answer (never who else was asked), its answer accepted (actor: the asker's persona; postId: the
 * answer), or your question with nobody suitable left to ask.
 */
const QuestionNotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal("question_routed"), Type.Literal("answer_accepted"), Type.Literal("question_unanswered")], {
    description: "question_routed: a question you may be able to answer; answer_accepted: the asker accepted your answer; question_unanswered: nobody suitable is left to ask about your question",
  }),
  persona: PersonaViewSchema,
  actor: Type.Union([PersonaViewSchema, Type.Null()], { description: "The persona that asked (answer_accepted only)" }),
  thread: Type.Object({ id: Type.String(), title: Type.String() }),
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  postId: Type.Union([Type.String(), Type.Null()], { description: "The accepted answer (answer_accepted only)" }),
  createdAt: Type.String({ format: "date-time" }),
  read: Type.Boolean(),
});

const NotificationSchema = Type.Union([
  PostNotificationSchema,
  OutcomeNotificationSchema,
  ReactionsNotificationSchema,
  FollowerNotificationSchema,
  PollClosedNotificationSchema,
  WelcomeNotificationSchema,
  EventNotificationSchema,
  QuestionNotificationSchema,
]);

/** The types of notification, each on or off; a type off is not written. Extensible: later settings join as keys beside `notifications`. */
const NotificationTypesSchema = Type.Object(
  {
    replies: Type.Optional(Type.Boolean({ description: "Replies to threads you started" })),
    mentions: Type.Optional(Type.Boolean({ description: "Mentions of your personas" })),
    follows: Type.Optional(Type.Boolean({ description: "New posts in threads, spaces and by personas you follow" })),
    followers: Type.Optional(Type.Boolean({ description: "Someone followed one of your personas" })),
    reactions: Type.Optional(Type.Boolean({ description: "Reactions to your posts, counted" })),
    polls: Type.Optional(Type.Boolean({ description: "A poll you asked or voted in has closed" })),
    welcomes: Type.Optional(Type.Boolean({ description: "A member welcomed you to a community" })),
    events: Type.Optional(Type.Boolean({ description: "Events you answered: a place given from the waitlist, a change, a cancellation, the organisers' messages" })),
    questions: Type.Optional(Type.Boolean({ description: "Questions you may be able to answer, your answers accepted, and your questions nobody suitable is left to ask" })),
  },
  { additionalProperties: false },
);
const EmailChoiceSchema = Type.Union([Type.Literal("off"), Type.Literal("immediate"), Type.Literal("daily"), Type.Literal("weekly")], {
  description: "off; immediate: one mail each; daily or weekly: gathered into one digest",
});
/** Each type's email (ADR 38, 41, 47, 51); defaults: replies, mentions, events and questions immediate, the rest off. Only a verified address is mailed. */
const EmailChoicesSchema = Type.Object(
  {
    replies: Type.Optional(EmailChoiceSchema),
    mentions: Type.Optional(EmailChoiceSchema),
    follows: Type.Optional(EmailChoiceSchema),
    followers: Type.Optional(EmailChoiceSchema),
    reactions: Type.Optional(EmailChoiceSchema),
    polls: Type.Optional(EmailChoiceSchema),
    welcomes: Type.Optional(EmailChoiceSchema),
    events: Type.Optional(EmailChoiceSchema),
    questions: Type.Optional(EmailChoiceSchema),
  },
  { additionalProperties: false },
);
const OfficeHoursSchema = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7, uniqueItems: true, description: "1 Monday … 7 Sunday" }),
    from: Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$", description: "HH:MM" }),
    to: Type.String({ pattern: "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", description: "HH:MM (up to 24:00), after from" }),
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: "An IANA time zone, such as Europe/London" }),
  },
  { additionalProperties: false, description: "Clinicians only: digests wait until these hours" },
);
const TravelWithForksSchema = Type.Union([Type.Literal("yes"), Type.Literal("ask"), Type.Literal("no")], {
  description: "Whether your posts go with a fork of a community you wrote in: yes, ask (the default: you are asked about each fork) or no",
});
/** Event reminders (ADR 47): a day before, and two hours before, each event you are going to; both on until turned off. */
const EventRemindersSchema = Type.Object(
  {
    dayBefore: Type.Boolean({ description: "A reminder a day before" }),
    twoHoursBefore: Type.Boolean({ description: "A reminder two hours before" }),
  },
  { additionalProperties: false },
);
const PreferencesSchema = Type.Object({
  notifications: Type.Required(NotificationTypesSchema),
  email: Type.Required(EmailChoicesSchema),
  officeHours: Type.Union([OfficeHoursSchema, Type.Null()]),
  travelWithForks: TravelWithForksSchema,
  eventReminders: EventRemindersSchema,
});
const PreferencesBody = Type.Object(
  {
    notifications: Type.Optional(NotificationTypesSchema),
    email: Type.Optional(EmailChoicesSchema),
    officeHours: Type.Optional(Type.Union([OfficeHoursSchema, Type.Null()])),
    travelWithForks: Type.Optional(TravelWithForksSchema),
    eventReminders: Type.Optional(
      Type.Object(
        { dayBefore: Type.Optional(Type.Boolean()), twoHoursBefore: Type.Optional(Type.Boolean()) },
        { additionalProperties: false, description: "The reminders named change; the other stays" },
      ),
    ),
  },
  { additionalProperties: false },
);

/** How often a live count counts again, besides when this process writes one of the account's notifications. */
const STREAM_POLL_MS = 10_000;
/** Live counts open at once per account in this process (tabs): one more is a 429, so no account makes unbounded work. */
export const STREAMS_PER_ACCOUNT = 10;
const openStreams = new Map<string, number>();

export async function notificationsRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["notifications"];

  app.get(
    "/api/v1/notifications",
    {
      schema: {
        tags,
        summary: "Your notifications, newest first: replies to your threads, mentions of your personas, what you follow, reactions, polls that closed, welcomes, events, questions you may be able to answer, and decisions about you",
        querystring: PageQuery,
        response: { 200: Page(NotificationSchema), ...errors(400, 401) },
      },
    },
    async (request) => services.notifications.list(request.viewer, request.query.cursor, request.query.limit, request.i18n),
  );

  app.post(
    "/api/v1/notifications/read",
    {
      schema: {
        tags,
        summary: "Mark notifications read: those listed in ids, or all of them when ids is left out",
        body: Type.Object(
          { ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100, description: "Left out: all of them" })) },
          { additionalProperties: false, description: "May be left out altogether: all are marked read" },
        ),
        response: { 200: Type.Object({ unread: Type.Integer({ description: "Unread notifications left (counted up to 100)" }) }), ...errors(400, 401) },
      },
      // A POST with no body at all means "mark all read", like {}.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => services.notifications.markRead(request.viewer, request.body.ids),
  );

  app.get(
    "/api/v1/me/preferences",
    { schema: { tags, summary: "Your preferences: which types of notification are written", response: { 200: PreferencesSchema, ...errors(401) } } },
    async (request) => preferencesOf(services, request.viewer),
  );

  app.put(
    "/api/v1/me/preferences",
    {
      schema: {
        tags,
        summary: "Change your preferences: the types named change, the rest stay (an unknown key is a 400 naming it)",
        body: PreferencesBody,
        response: { 200: PreferencesSchema, ...errors(400, 401) },
      },
    },
    async (request) => {
      // Checked before anything is written: office hours are refused for a non-clinician before any type changes.
      const { notifications, email, officeHours, travelWithForks, eventReminders } = request.body;
      if (officeHours !== undefined) await services.notificationEmail.setOfficeHours(request.viewer, officeHours);
      if (travelWithForks !== undefined) await services.forks.setTravelWithForks(request.viewer, travelWithForks);
      if (email) await services.notificationEmail.setEmailChoices(request.viewer, email);
      if (notifications) await services.notifications.setNotificationTypes(request.viewer, notifications);
      if (eventReminders) await services.notifications.setEventReminders(request.viewer, eventReminders);
      return preferencesOf(services, request.viewer);
    },
  );

  app.get(
    "/api/v1/notifications/stream",
    {
      schema: {
        tags,
        summary:
          "With Accept: text/event-stream, server-sent events: `data: {\"unread\": n}` on connecting and whenever the unread count changes (counted up to 100); otherwise the count once, as JSON",
        produces: ["text/event-stream", "application/json"],
        response: { 200: Type.Object({ unread: Type.Integer() }), ...errors(401, 429) },
      },
    },
    async (request, reply) => {
      const viewer = request.viewer;
      if (!isSignedIn(viewer)) throw notSignedIn();
      if (!(request.headers.accept ?? "").includes("text/event-stream")) return { unread: await services.notifications.unreadCount(viewer) };
      const open = openStreams.get(viewer.accountId) ?? 0;
      if (open >= STREAMS_PER_ACCOUNT) throw new RateLimitedError(60);
      openStreams.set(viewer.accountId, open + 1);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
      let last = -1;
      let counting = false;
      let closed = false;
      // One count at a time per connection: a slow database never piles up counts.
      const send = async () => {
        if (closed || counting) return;
        counting = true;
        try {
          const unread = await services.notifications.unreadCount(viewer);
          if (!closed && unread !== last) res.write(`data: ${JSON.stringify({ unread })}\n\n`);
          last = unread;
        } catch {
          // The next tick tries again.
        } finally {
          counting = false;
        }
      };
      const timer = setInterval(send, STREAM_POLL_MS);
      const stopWatching = services.notifications.watchUnread(viewer, () => void send());
      const close = () => {
        if (closed) return;
        closed = true;
        const left = (openStreams.get(viewer.accountId) ?? 1) - 1;
        if (left > 0) openStreams.set(viewer.accountId, left);
        else openStreams.delete(viewer.accountId);
        clearInterval(timer);
        stopWatching();
      };
      // The response's close is the client going (the request's own close may come as soon as its body was read).
      res.on("close", close);
      res.write("retry: 10000\n\n");
      await send();
    },
  );
}
