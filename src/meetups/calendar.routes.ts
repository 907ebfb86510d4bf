/**
 * Calendars (ADR 47): one event as .ics, a community's feed, and the member's personal feed at
 * a secret address, with the API that makes and resets that address. The .ics addresses are
 * plain GETs a calendar app polls (no session: it sees what a guest sees, except the personal
 * feed, whose token stands for its account).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors } from "../http/schemas.ts";
import { notFound } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { calendarOf } from "./calendar.ts";

const hide = { schema: { hide: true } };

/** The path of a personal feed; its token is the secret. */
export const calendarFeedPath = (token: string) => `/calendar/${token}.ics`;

/** A calendar as a download a calendar app or a browser understands. `personal`: never cached by anyone in between. */
function sendCalendar(reply: FastifyReply, filename: string, body: string, personal: boolean) {
  return reply
    .header("content-type", "text/calendar; charset=utf-8")
    .header("content-disposition", `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}.ics"`)
    .header("cache-control", personal ? "private, no-store" : "private, max-age=300")
    .send(body);
}

export async function calendarRoutes(fastify: FastifyInstance, { services, config }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { publicUrl } = config;

  app.get<{ Params: { id: string } }>("/events/:id.ics", hide, async (request, reply) => {
    const event = await services.meetups.calendarEvent(request.viewer, request.params.id);
    const ics = calendarOf([event], { name: event.view.title, publicUrl, t: request.i18n });
    return sendCalendar(reply, `event-${event.view.id}`, ics, event.view.onlineUrl !== null);
  });

  app.get<{ Params: { slug: string } }>("/c/:slug/events.ics", hide, async (request, reply) => {
    const { community, events } = await services.meetups.communityCalendar(request.viewer, request.params.slug);
    const ics = calendarOf(events, { name: request.i18n.text("calendar.communityName", { community: community.name }), publicUrl, t: request.i18n });
    return sendCalendar(reply, `${community.slug}-events`, ics, false);
  });

  // A wrong token and a reset one are the same 404 as an address that never was.
  app.get<{ Params: { token: string } }>("/calendar/:token.ics", hide, async (request, reply) => {
    const accountId = await services.calendarFeeds.accountOf(request.params.token);
    if (!accountId) throw notFound(msg("error.notFound.calendar"));
    const viewer = await services.accounts.viewerForAccount(accountId);
    const events = await services.meetups.personalCalendar(viewer);
    const ics = calendarOf(events, { name: request.i18n.text("calendar.personalName"), publicUrl, t: request.i18n });
    return sendCalendar(reply, "my-events", ics, true);
  });

  const FeedSchema = Type.Object({ url: Type.Union([Type.String(), Type.Null()], { description: "The secret address of your calendar feed; null until you make one" }) });
  const tags = ["events"];

  app.get(
    "/api/v1/me/calendar-feed",
    { schema: { tags, summary: "The secret address of your calendar of the events you are going to (null until made)", response: { 200: FeedSchema, ...errors(401) } } },
    async (request) => {
      const token = await services.calendarFeeds.tokenOf(request.viewer);
      return { url: token ? `${publicUrl}${calendarFeedPath(token)}` : null };
    },
  );

  app.post(
    "/api/v1/me/calendar-feed",
    {
      schema: {
        tags,
        summary: "Make your calendar feed's secret address, or reset it: the old address stops working at once",
        response: { 201: Type.Object({ url: Type.String() }), ...errors(401) },
      },
    },
    async (request, reply) => reply.status(201).send({ url: `${publicUrl}${calendarFeedPath(await services.calendarFeeds.reset(request.viewer))}` }),
  );
}
