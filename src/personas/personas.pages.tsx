/**
 * Pages for personas: the person's own list (/settings/personas), adding and changing
 * one, and the public page of a persona (/personas/:id). Each handler reads the form,
 * calls the personas service as the viewer, and renders.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isSignedIn, type SignedInViewer } from "../shared/viewer.ts";
import { attempt, CHECK_ANSWERS, ticked, type FormProblem } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, serviceProblem, type FormSpec } from "../web/schema-form.ts";
import { PersonaCreateBody, PersonaPatchBody } from "./personas.schemas.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { PersonaProfilePage } from "./persona-profile.page.tsx";
import {
  addForm,
  EditPersonaPage,
  editFormOf,
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
import { sendToSignIn } from "../web/redirect-target.ts";
import type { Translator } from "../shared/i18n/translator.ts";

type IdParams = { Params: { id: string } };

const hide = { schema: { hide: true } };


function noticeOf(request: FastifyRequest): NoticeKey | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.notice;
  return typeof value === "string" && value in NOTICES ? (value as NoticeKey) : undefined;
}

/** Each add form on the API's PersonaCreateBody (ADR 28): its own field names, the kind set by the page. */
function addFormOf(kind: "personal" | "professional" | "anonymous_professional", t: Translator): FormSpec {
  const fields = addForm(t);
  if (kind === "personal") return { personalName: { ...fields.personalName, path: "displayName" }, carer: fields.carer };
  if (kind === "professional") return { professionalName: { ...fields.professionalName, path: "displayName" } };
  return { capacity: fields.capacity };
}

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
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, PERSONAS_PATH);
    const viewer = request.viewer;
    const spec = addFormOf(kind, request.i18n);
    const form = readSchemaForm(request.body, PersonaCreateBody, spec, { kind }, request.i18n);
    const typed: Partial<Record<string, string>> = form.values;
    const values: AddValues = {
      personalName: typed.personalName ?? "",
      carer: ticked(typed.carer ?? ""),
      professionalName: typed.professionalName ?? "",
      capacity: typed.capacity ?? "",
    };
    const early = schemaProblem(form);
    if (early || !form.input) return showList(request, reply, viewer, values, early ?? undefined, 400);
    const input = form.input;
    const result = await attempt(() => services.personas.create(viewer, input));
    if (!result.ok) {
      const problem = serviceProblem(spec, result.error, {}, request.i18n);
      return showList(request, reply, viewer, values, problem, result.error.status);
    }
    return redirectAfterPost(reply, `${PERSONAS_PATH}?notice=added#persona-${result.value.id}`);
  };

  app.get("/settings/personas", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, PERSONAS_PATH);
    return showList(request, reply, request.viewer);
  });

  app.post("/settings/personas/personal", hide, (request, reply) => add(request, reply, "personal"));
  app.post("/settings/personas/professional", hide, (request, reply) => add(request, reply, "professional"));
  app.post("/settings/personas/anonymous", hide, (request, reply) => add(request, reply, "anonymous_professional"));

  /** One of the viewer's own personas; anyone else's is a 404, as if it did not exist. */
  const ownPersona = async (viewer: SignedInViewer, id: string) => {
    const persona = (await services.personas.mine(viewer)).items.find((p) => p.id === id);
    if (!persona) throw new AppError("not_found", 404, msg("personas.notFound"));
    return persona;
  };

  app.get<IdParams>("/settings/personas/:id", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const persona = await ownPersona(request.viewer, request.params.id);
    return sendPage(reply, <EditPersonaPage ctx={await ctxOf(request)} persona={persona} values={editValuesOf(persona)} />);
  });

  app.post<IdParams>("/settings/personas/:id", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const viewer = request.viewer;
    const persona = await ownPersona(viewer, request.params.id);
    const spec = editFormOf(persona.kind, request.i18n);
    const form = readSchemaForm(request.body, PersonaPatchBody, spec, {}, request.i18n);
    const typed: Partial<Record<string, string>> = form.values;
    const values: EditValues = {
      displayName: typed.displayName ?? "",
      carer: ticked(typed.carer ?? ""),
      acceptsPatientMessages: typed.acceptsPatientMessages ?? "",
      availability: typed.availability ?? "",
      capacity: typed.capacity ?? "",
    };
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <EditPersonaPage ctx={await ctxOf(request)} persona={persona} values={values} problem={problem} />, status);
    const early = schemaProblem(form);
    if (early || !form.input) return show(early ?? { message: CHECK_ANSWERS }, 400);
    const patch: PersonaPatch = form.input;
    const result = await attempt(() => services.personas.update(viewer, persona.id, patch));
    if (!result.ok) return show(serviceProblem(spec, result.error, {}, request.i18n), result.error.status);
    return redirectAfterPost(reply, `${PERSONAS_PATH}?notice=saved#persona-${persona.id}`);
  });

  app.get<IdParams>("/personas/:id", hide, async (request, reply) => {
    const profile = await services.personas.publicProfile(request.params.id);
    const follow = await services.follows.personaState(request.viewer, profile.persona.id);
    const expertise = await services.expertise.ofPersona(request.viewer, profile.persona.id);
    return sendPage(reply, <PersonaProfilePage ctx={await ctxOf(request)} profile={profile} can={services.breakGlass.can(request.viewer)} follow={follow} expertise={expertise} />);
  });
}
