/**
 * The learning log's pages, the owner's alone: /me/learning-log (the list, the setting, the links),
 * /me/learning-log/new, /me/learning-log/:id (minutes and reflection), /me/learning-log/print and
 * the CSV. Guests are sent to sign in; anyone else's entry is the same 404 as none. Forms read the
 * API's body schemas (ADR 28), post and redirect.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { attempt, type FormProblem } from "../web/form-body.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { sentToSignIn } from "../web/redirect-target.ts";
import { readSchemaForm, serviceProblem, type FormSpec } from "../web/schema-form.ts";
import type { AppError } from "../shared/errors.ts";
import { EntryPage, entryForm, entryPath, LOG_PATH, LogPage, NewEntryPage, newEntryForm, settingsForm, type Draft } from "./learning-log.components.tsx";
import { sendLearningLogCsv } from "./learning-log.routes.ts";
import { EntryChangesBody, NewEntryBody, SettingsBody } from "./learning-log.schemas.ts";
import { PrintPage } from "./print.page.tsx";

type ListRoute = { Querystring: { cursor?: string; done?: string } };
type EntryRoute = { Params: { id: string }; Querystring: { done?: string } };
const hide = { schema: { hide: true } };
const DONE = new Set(["settings", "added", "saved", "deleted"]);
const doneOf = (value: string | undefined) => (value && DONE.has(value) ? value : undefined);

/** A form's problems from its own reading, or from the service (any status other than 400 is thrown on). */
function problemOf(request: FastifyRequest, spec: FormSpec, error: AppError): FormProblem {
  if (error.status !== 400) throw error;
  return serviceProblem(spec, error, {}, request.i18n);
}

const formProblem = (request: FastifyRequest, fields: Record<string, string>): FormProblem => ({ message: request.i18n.text("form.checkAnswers"), fields });

export async function learningLogPages(app: FastifyInstance, { services, config }: RouteContext) {
  const { learningLog } = services;

  async function sendLog(request: FastifyRequest<ListRoute>, reply: FastifyReply, form: { draft?: Draft; problem?: FormProblem } = {}, status = 200) {
    const [settings, page] = await Promise.all([learningLog.settings(request.viewer), learningLog.list(request.viewer, request.query.cursor)]);
    return sendPage(reply, <LogPage ctx={await pageContext(request, services)} settings={settings} page={page} done={doneOf(request.query.done)} {...form} />, status);
  }

  app.get<ListRoute>(LOG_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    return sendLog(request, reply);
  });

  app.post<ListRoute>(`${LOG_PATH}/settings`, hide, async (request, reply) => {
    if (sentToSignIn(request, reply, LOG_PATH)) return reply;
    const spec = settingsForm(request.i18n);
    const form = readSchemaForm(request.body, SettingsBody, spec, {}, request.i18n);
    let problem: FormProblem;
    if (form.input) {
      const input = form.input;
      const result = await attempt(() => learningLog.updateSettings(request.viewer, input));
      if (result.ok) return redirectAfterPost(reply, `${LOG_PATH}?done=settings`);
      problem = problemOf(request, spec, result.error);
    } else problem = formProblem(request, form.fields);
    // The form came back: the list is shown from its first page, with no "saved" notice from an earlier visit.
    request.query = {};
    return sendLog(request, reply, { draft: form.values, problem }, 400);
  });

  app.get(`${LOG_PATH}/new`, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    return sendPage(reply, <NewEntryPage ctx={await pageContext(request, services)} />);
  });

  app.post(LOG_PATH, hide, async (request, reply) => {
    if (sentToSignIn(request, reply, `${LOG_PATH}/new`)) return reply;
    const spec = newEntryForm(request.i18n);
    const form = readSchemaForm(request.body, NewEntryBody, spec, {}, request.i18n);
    let problem: FormProblem;
    if (form.input) {
      const input = form.input;
      const result = await attempt(() => learningLog.addEntry(request.viewer, input));
      if (result.ok) return redirectAfterPost(reply, `${LOG_PATH}?done=added`);
      problem = problemOf(request, spec, result.error);
    } else problem = formProblem(request, form.fields);
    return sendPage(reply, <NewEntryPage ctx={await pageContext(request, services)} draft={form.values} problem={problem} />, 400);
  });

  app.get(`${LOG_PATH}/print`, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    return sendPage(reply, <PrintPage ctx={await pageContext(request, services)} log={await learningLog.exportLog(request.viewer)} />);
  });

  app.get(`${LOG_PATH}/export.csv`, hide, async (request, reply) => {
    if (sentToSignIn(request, reply, LOG_PATH)) return reply;
    return sendLearningLogCsv(reply, learningLog, request.viewer, request.i18n, config.publicUrl);
  });

  app.get<EntryRoute>(`${LOG_PATH}/:id`, hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    const entry = await learningLog.entry(request.viewer, request.params.id);
    return sendPage(reply, <EntryPage ctx={await pageContext(request, services)} entry={entry} done={doneOf(request.query.done)} />);
  });

  app.post<EntryRoute>(`${LOG_PATH}/:id`, hide, async (request, reply) => {
    if (sentToSignIn(request, reply, entryPath(request.params.id))) return reply;
    // Someone else's entry, or none, is the 404 before any reading of the form.
    const entry = await learningLog.entry(request.viewer, request.params.id);
    const spec = entryForm(request.i18n);
    const form = readSchemaForm(request.body, EntryChangesBody, spec, {}, request.i18n);
    let problem: FormProblem;
    if (form.input) {
      const input = form.input;
      const result = await attempt(() => learningLog.updateEntry(request.viewer, entry.id, input));
      if (result.ok) return redirectAfterPost(reply, `${entryPath(entry.id)}?done=saved`);
      problem = problemOf(request, spec, result.error);
    } else problem = formProblem(request, form.fields);
    return sendPage(reply, <EntryPage ctx={await pageContext(request, services)} entry={entry} draft={form.values} problem={problem} />, 400);
  });

  app.post<EntryRoute>(`${LOG_PATH}/:id/delete`, hide, async (request, reply) => {
    if (sentToSignIn(request, reply, LOG_PATH)) return reply;
    await learningLog.deleteEntry(request.viewer, request.params.id);
    return redirectAfterPost(reply, `${LOG_PATH}?done=deleted`);
  });
}
