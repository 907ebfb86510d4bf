/**
 * The events' pages: a community's list, the new-event and edit forms, an event with its answer
 * form, and the organisers' list. Forms are read with the API's bodies (ADR 28) and go back to a
 * page that can be reloaded (POST-redirect-GET); a form with a problem comes back with a summary.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { readSchemaForm } from "../web/schema-form.ts";
import { sentValues, type FormProblem } from "../web/form-body.ts";
import { submit } from "../discussion/discussion.components.tsx";
import { AppError } from "../shared/errors.ts";
import { EventBody, EventPatch, MessageBody, MetBody, MoveBody, RsvpBody } from "./meetups.schemas.ts";
import { draftOf, eventForm, typedDraft, withInstants } from "./event-forms.tsx";
import { EventFormPage } from "./event-form.page.tsx";
import { EventPage } from "./event.page.tsx";
import { EventsListPage } from "./events-list.page.tsx";
import { AttendeesPage } from "./attendees.page.tsx";
import { ConnectionsPage, PeopleAtEventPage } from "./met.page.tsx";

type SlugRoute = { Params: { slug: string }; Querystring: { when?: string } };
type IdRoute = { Params: { id: string }; Querystring: { answered?: string; sent?: string; saved?: string } };
type AttendeeRoute = { Params: { id: string; personaId: string } };
const hide = { schema: { hide: true } };

const first = (body: unknown, name: string) => sentValues(body, name)[0] ?? "";

export async function meetupsPages(app: FastifyInstance, { services }: RouteContext) {
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  app.get<SlugRoute>("/c/:slug/events", hide, async (request, reply) => {
    const when = request.query.when === "past" ? "past" : "upcoming";
    const { community, mayOrganise } = await services.meetups.organiserView(request.viewer, request.params.slug);
    const events = await services.meetups.list(request.viewer, request.params.slug, when);
    return sendPage(reply, <EventsListPage ctx={await ctxOf(request)} community={community} when={when} events={events} canOrganise={mayOrganise} />);
  });

  app.get<SlugRoute>("/c/:slug/events/new", hide, async (request, reply) => {
    const { community } = await services.meetups.organiserView(request.viewer, request.params.slug);
    return sendPage(reply, <EventFormPage ctx={await ctxOf(request)} target={{ kind: "new", community }} draft={draftOf(null)} />);
  });

  app.post<SlugRoute>("/c/:slug/events", hide, async (request, reply) => {
    const slug = request.params.slug;
    const form = readSchemaForm(withInstants(request.body), EventBody, eventForm(request.i18n), {}, request.i18n);
    const result = await submit(form, request.i18n.text("events.unsaved"), () => services.meetups.create(request.viewer, slug, form.input!), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/events/${result.value.id}`);
    const { community } = await services.meetups.organiserView(request.viewer, slug);
    return sendPage(reply, <EventFormPage ctx={await ctxOf(request)} target={{ kind: "new", community }} draft={typedDraft(request.body)} problem={result.problem} />, result.status);
  });

  app.get<IdRoute>("/events/:id", hide, async (request, reply) => {
    const event = await services.meetups.get(request.viewer, request.params.id);
    return sendPage(reply, <EventPage ctx={await ctxOf(request)} event={event} saved={request.query.answered === "1"} />);
  });

  app.post<IdRoute>("/events/:id/rsvp", hide, async (request, reply) => {
    const id = request.params.id;
    const body = { status: first(request.body, "status"), personaId: first(request.body, "personaId"), plusOne: first(request.body, "plusOne") };
    const form = readSchemaForm(body, RsvpBody, {
      status: { label: request.i18n.text("events.rsvpLegend"), required: request.i18n.text("events.chooseAnswer") },
      personaId: { label: request.i18n.text("events.answerAs") },
      plusOne: { label: request.i18n.text("events.plusOne"), as: "checkbox" },
    }, {}, request.i18n);
    const result = await submit(form, request.i18n.text("events.answerUnsaved"), () => services.meetups.rsvp(request.viewer, id, form.input!), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/events/${id}?answered=1#rsvp`);
    const event = await services.meetups.get(request.viewer, id);
    return sendPage(reply, <EventPage ctx={await ctxOf(request)} event={event} problem={result.problem} />, result.status);
  });

  app.get<IdRoute>("/events/:id/edit", hide, async (request, reply) => {
    const event = await services.meetups.get(request.viewer, request.params.id);
    await services.meetups.attendees(request.viewer, event.id); // organisers only: the same refusal as the API's
    return sendPage(reply, <EventFormPage ctx={await ctxOf(request)} target={{ kind: "edit", community: event.community, eventId: event.id, title: event.title }} draft={draftOf(event)} />);
  });

  app.post<IdRoute>("/events/:id/edit", hide, async (request, reply) => {
    const id = request.params.id;
    const form = readSchemaForm(withInstants(request.body), EventPatch, eventForm(request.i18n), {}, request.i18n);
    const result = await submit(form, request.i18n.text("events.unsaved"), () => services.meetups.update(request.viewer, id, form.input!), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/events/${id}`);
    const event = await services.meetups.get(request.viewer, id);
    return sendPage(
      reply,
      <EventFormPage ctx={await ctxOf(request)} target={{ kind: "edit", community: event.community, eventId: id, title: event.title }} draft={typedDraft(request.body)} problem={result.problem} />,
      result.status,
    );
  });

  app.post<IdRoute>("/events/:id/cancel", hide, async (request, reply) => {
    await services.meetups.cancel(request.viewer, request.params.id);
    return redirectAfterPost(reply, `/events/${request.params.id}`);
  });

  const showAttendees = async (request: FastifyRequest<IdRoute>, problem?: FormProblem) => {
    const attendees = await services.meetups.attendees(request.viewer, request.params.id);
    const event = await services.meetups.get(request.viewer, request.params.id);
    return <AttendeesPage ctx={await ctxOf(request)} event={event} attendees={attendees} {...(problem ? { problem } : {})} sent={request.query.sent === "1"} />;
  };

  app.get<IdRoute>("/events/:id/attendees", hide, async (request, reply) => sendPage(reply, await showAttendees(request)));

  app.post<AttendeeRoute>("/events/:id/attendees/:personaId", hide, async (request, reply) => {
    const { id, personaId } = request.params;
    const form = readSchemaForm({ status: first(request.body, "status") }, MoveBody, { status: { label: request.i18n.text("events.moveLabel") } }, {}, request.i18n);
    const result = await submit(form, request.i18n.text("events.moveUnsaved"), () => services.meetups.move(request.viewer, id, personaId, form.input!.status), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/events/${id}/attendees`);
    return sendPage(reply, await showAttendees(request as unknown as FastifyRequest<IdRoute>, result.problem), result.status);
  });

  app.post<IdRoute>("/events/:id/messages", hide, async (request, reply) => {
    const id = request.params.id;
    const form = readSchemaForm({ body: first(request.body, "body") }, MessageBody, { body: { label: request.i18n.text("events.messageLabel"), required: request.i18n.text("events.writeMessage") } }, {}, request.i18n);
    const result = await submit(form, request.i18n.text("events.messageUnsaved"), () => services.meetups.message(request.viewer, id, form.input!), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/events/${id}/attendees?sent=1`);
    return sendPage(reply, await showAttendees(request, result.problem), result.status);
  });

  app.get<IdRoute>("/events/:id/met", hide, async (request, reply) => {
    const { event, people } = await services.meetups.peopleAt(request.viewer, request.params.id);
    return sendPage(reply, <PeopleAtEventPage ctx={await ctxOf(request)} event={event} people={people} saved={request.query.saved === "1"} />);
  });

  app.post<IdRoute>("/events/:id/met", hide, async (request, reply) => {
    const id = request.params.id;
    const form = readSchemaForm({ personaId: first(request.body, "personaId") }, MetBody, { personaId: { label: request.i18n.text("events.met.person") } }, {}, request.i18n);
    const result = await submit(form, request.i18n.text("events.met.unsaved"), () => services.meetups.sayWeMet(request.viewer, id, form.input!.personaId), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/events/${id}/met?saved=1`);
    // Each button names someone who was there: only a stale page or a made-up form gets here, and is told why.
    throw new AppError(result.problem.fields ? "invalid_input" : "forbidden", result.status, result.problem.fields?.personaId ?? result.problem.message ?? "");
  });

  app.get("/met", hide, async (request, reply) => {
    const connections = await services.meetups.connections(request.viewer);
    return sendPage(reply, <ConnectionsPage ctx={await ctxOf(request)} connections={connections} />);
  });
}
