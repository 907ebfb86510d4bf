/**
 * Pages for personas: the person's own list (/settings/personas), adding and changing
 * one, and the public page of a persona (/personas/:id). Each handler reads the form,
 * calls the personas service as the viewer, and renders.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { notFound } from "../shared/errors.ts";
import { isSignedIn, type SignedInViewer } from "../shared/viewer.ts";
import { attempt, fieldProblem, problemFrom, readForm, ticked, type FormProblem } from "../web/form-body.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { PersonaProfilePage } from "./persona-profile.page.tsx";
import {
  EditPersonaPage,
  editValuesOf,
  EMPTY_ADD,
  NOTICES,
  PERSONAS_PATH,
  PersonasPage,
  type AddValues,
  type EditValues,
  type NoticeKey,
} from "./persona-settings.page.tsx";
import type { PersonaPatch } from "./personas.service.ts";
import { LIMITS } from "../shared/limits.ts";

type IdParams = { Params: { id: string } };

const hide = { schema: { hide: true } };

const signInFirst = (reply: FastifyReply, path: string) => reply.redirect(`/signin?next=${encodeURIComponent(path)}`, 303);

function noticeOf(request: FastifyRequest): NoticeKey | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.notice;
  return typeof value === "string" && value in NOTICES ? (value as NoticeKey) : undefined;
}

/** The service calls the service's field names "displayName"; each add form names its own field. */
const renamed = (formField: string) => (field: string, problem: string) => ({ name: field === "displayName" ? formField : field, problem });

export async function personasPages(app: FastifyInstance, { services }: RouteContext) {
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  const showList = async (request: FastifyRequest, reply: FastifyReply, viewer: SignedInViewer, values: AddValues = EMPTY_ADD, problem?: FormProblem, status = 200) => {
    const [{ items }, applications] = await Promise.all([services.personas.mine(viewer), services.clinicians.mine(viewer)]);
    const current = viewer.personas.find((p) => p.kind !== "personal" && p.specialty)?.specialty ?? applications.items.find((a) => a.status === "approved")?.specialty ?? null;
    const standing = { verified: viewer.isVerifiedClinician, pending: applications.items.some((a) => a.status === "pending"), specialty: current };
    const page = <PersonasPage ctx={await ctxOf(request)} personas={items} standing={standing} values={values} problem={problem ?? null} notice={problem ? undefined : noticeOf(request)} />;
    return sendPage(reply, page, status);
  };

  /** Adds a persona; a problem comes back on the list page with what was typed. */
  const add = async (request: FastifyRequest, reply: FastifyReply, kind: "personal" | "professional" | "anonymous_professional") => {
    if (!isSignedIn(request.viewer)) return signInFirst(reply, PERSONAS_PATH);
    const viewer = request.viewer;
    const form = readForm(request.body, { personalName: LIMITS.displayName, carer: 10, professionalName: LIMITS.displayName, capacity: 40 });
    const values: AddValues = {
      personalName: form.values.personalName,
      carer: ticked(form.values.carer),
      professionalName: form.values.professionalName,
      capacity: form.values.capacity,
    };
    const early = fieldProblem(form.fields);
    if (early) return showList(request, reply, viewer, values, early, 400);
    const input =
      kind === "personal"
        ? { kind, displayName: values.personalName, carer: values.carer }
        : kind === "professional"
          ? { kind, displayName: values.professionalName }
          : { kind, capacity: values.capacity || null };
    const result = await attempt(() => services.personas.create(viewer, input));
    if (!result.ok) {
      const problem = problemFrom(result.error, renamed(kind === "personal" ? "personalName" : "professionalName"));
      return showList(request, reply, viewer, values, problem, result.error.status);
    }
    return redirectAfterPost(reply, `${PERSONAS_PATH}?notice=added#persona-${result.value.id}`);
  };

  app.get("/settings/personas", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return signInFirst(reply, PERSONAS_PATH);
    return showList(request, reply, request.viewer);
  });

  app.post("/settings/personas/personal", hide, (request, reply) => add(request, reply, "personal"));
  app.post("/settings/personas/professional", hide, (request, reply) => add(request, reply, "professional"));
  app.post("/settings/personas/anonymous", hide, (request, reply) => add(request, reply, "anonymous_professional"));

  /** One of the viewer's own personas; anyone else's is a 404, as if it did not exist. */
  const ownPersona = async (viewer: SignedInViewer, id: string) => {
    const persona = (await services.personas.mine(viewer)).items.find((p) => p.id === id);
    if (!persona) throw notFound("That persona");
    return persona;
  };

  app.get<IdParams>("/settings/personas/:id", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return signInFirst(reply, request.url);
    const persona = await ownPersona(request.viewer, request.params.id);
    return sendPage(reply, <EditPersonaPage ctx={await ctxOf(request)} persona={persona} values={editValuesOf(persona)} />);
  });

  app.post<IdParams>("/settings/personas/:id", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return signInFirst(reply, request.url);
    const viewer = request.viewer;
    const persona = await ownPersona(viewer, request.params.id);
    const form = readForm(request.body, { displayName: LIMITS.displayName, carer: 10, acceptsPatientMessages: 10, availability: LIMITS.availability, capacity: 40 });
    const values: EditValues = {
      displayName: form.values.displayName,
      carer: ticked(form.values.carer),
      acceptsPatientMessages: form.values.acceptsPatientMessages,
      availability: form.values.availability,
      capacity: form.values.capacity,
    };
    const fields = { ...form.fields };
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <EditPersonaPage ctx={await ctxOf(request)} persona={persona} values={values} problem={problem} />, status);
    const early = fieldProblem(fields);
    if (early) return show(early, 400);
    const patch: PersonaPatch = {
      ...(persona.kind === "anonymous_professional" ? { capacity: values.capacity || null } : { displayName: values.displayName }),
      ...(persona.kind === "personal" ? { carer: values.carer } : { availability: values.availability }),
    };
    const result = await attempt(() => services.personas.update(viewer, persona.id, patch));
    if (!result.ok) return show(problemFrom(result.error), result.error.status);
    return redirectAfterPost(reply, `${PERSONAS_PATH}?notice=saved#persona-${persona.id}`);
  });

  app.get<IdParams>("/personas/:id", hide, async (request, reply) => {
    const profile = await services.personas.publicProfile(request.params.id);
    return sendPage(reply, <PersonaProfilePage ctx={await ctxOf(request)} profile={profile} />);
  });
}
