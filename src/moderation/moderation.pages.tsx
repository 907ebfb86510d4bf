/**
 * Pages for moderation, break-glass and the member's audit log. Each handler reads
 * the form, calls the service as the viewer and renders; a form the service turns
 * down comes back with the problem and what was typed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { attempt, CHECK_ANSWERS, problemFrom } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, type FormSpec } from "../web/schema-form.ts";
import { BreakGlassDecisionBody, BreakGlassRequestBody, FlagBody, ModerationActionBody } from "./moderation.schemas.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { formField, redirectTarget, sendToSignIn } from "../web/redirect-target.ts";
import { AdminAuditLogPage, AuditLogPage } from "./audit-log.page.tsx";
import { BreakGlassPage, BreakGlassRequestPage, type BreakGlassForm } from "./break-glass.page.tsx";
import { ReportPage, ReportSentPage, type ReportFormValues } from "./report.page.tsx";
import { isDone, ReportsPage } from "./reports.page.tsx";
import { AppError } from "../shared/errors.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { ModerationActionPage, type ActionFormValues } from "./moderation-action.page.tsx";
import { ModerationLogPage } from "./moderation-log.page.tsx";

type SlugParams = { Params: { slug: string } };
type IdParams = { Params: { id: string } };

const hide = { schema: { hide: true } };

/** The Report form, in the page's order, on the flag API's FlagBody (its details are the flag's note). */
const reportFormSpec = (t: Translator) => {
  const chooseWhy = t.text("report.chooseWhy");
  return {
    community: { label: t.text("report.communityLabel"), whenEmpty: "null" },
    reason: { label: t.text("report.reasonLabel"), required: chooseWhy, choose: chooseWhy },
    details: { label: t.text("report.detailsLabel"), path: "note", whenEmpty: "null" },
    targetType: { label: t.text("report.targetLabel"), choose: t.text("report.chooseWhat") },
    targetId: { label: t.text("report.targetLabel") },
  } satisfies FormSpec;
};
/** A second administrator's decision on a break-glass request, on the API's BreakGlassDecisionBody. */
const decisionForm = (t: Translator) => {
  const choose = t.text("breakGlass.chooseDecision");
  return {
    decision: { label: t.text("breakGlass.decisionLabel"), required: choose, choose },
    reason: { label: t.text("breakGlass.reasonLabel"), whenEmpty: "null" },
  } satisfies FormSpec;
};
const REPORT_TARGETS = new Set(["post", "thread", "persona"]);
/** The moderation form, in the page's order, on the API's ModerationActionBody (ADR 28). */
const actionForm = (t: Translator) => {
  const chooseAction = t.text("moderate.chooseAction");
  return {
    action: { label: t.text("moderate.actionLabel"), required: chooseAction, choose: chooseAction },
    until: { label: t.text("moderate.untilLabel"), whenEmpty: "null" },
    reason: { label: t.text("moderate.reasonLabel"), required: t.text("moderate.reasonRequired") },
    targetType: { label: t.text("moderate.targetLabel"), choose: t.text("moderate.chooseTarget") },
    targetId: { label: t.text("moderate.targetLabel") },
    community: { label: t.text("auditLog.community"), whenEmpty: "null" },
    flagId: { label: t.text("moderate.flagFieldLabel"), whenEmpty: "null" },
    alsoHideThread: { label: t.text("moderate.alsoHideThread"), as: "checkbox" },
  } satisfies FormSpec;
};
/** The break-glass request form on the API's BreakGlassRequestBody. */
const breakGlassForm = (t: Translator) =>
  ({
    personaId: { label: t.text("breakGlass.personaIdLabel"), required: t.text("breakGlass.personaIdRequired") },
    reason: { label: t.text("breakGlass.reasonLabel"), required: t.text("breakGlass.reasonRequired") },
  }) satisfies FormSpec;
const ACTIONS = new Set(["dismiss", "hide", "unhide", "warn", "suspend", "unsuspend", "ban"]);
const TARGETS = new Set(["post", "thread", "persona"]);

/** One text value from a query string, whatever the address held. */
function queryValue(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === "string" ? one : "";
}


export async function moderationPages(app: FastifyInstance, { services, config }: RouteContext) {
  /** Where to come back to: checked before anything is shown or done (a bad one is a 400); none is "". */
  const backOf = (source: unknown) => redirectTarget(formField(source, "back"), { publicUrl: config.publicUrl, field: "back", fallback: "" });
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  // Moderation actions (the thread page's Hide forms post here too).

  app.get("/moderation/act", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const values: ActionFormValues = {
      targetType: TARGETS.has(queryValue(request, "targetType")) ? queryValue(request, "targetType") : "post",
      targetId: queryValue(request, "targetId").slice(0, 100),
      action: ACTIONS.has(queryValue(request, "action")) ? queryValue(request, "action") : "",
      reason: "",
      until: "",
      community: queryValue(request, "community").slice(0, 100),
      flagId: queryValue(request, "flagId").slice(0, 100),
      alsoHideThread: "",
      back: backOf(request.query),
    };
    return sendPage(reply, <ModerationActionPage ctx={await ctxOf(request)} values={values} />);
  });

  app.post("/moderation/actions", hide, async (request, reply) => {
    const back = backOf(request.body);
    const form = readSchemaForm(request.body, ModerationActionBody, actionForm(request.i18n));
    const values = { ...form.values, back };
    const show = async (problem: ReturnType<typeof problemFrom>, status: number) =>
      sendPage(reply, <ModerationActionPage ctx={await ctxOf(request)} values={values} problem={problem} />, status);
    // What to act on travels in hidden fields a person cannot change: a problem there is said in the summary, not linked.
    const { targetType: _type, targetId: _id, community: _community, flagId: _flag, ...visible } = form.fields;
    const hiddenFault = Object.keys(visible).length < Object.keys(form.fields).length;
    if (hiddenFault || !form.input) {
      const message = hiddenFault ? request.i18n.text("moderate.missingTarget") : CHECK_ANSWERS;
      return show({ message, ...(Object.keys(visible).length ? { fields: visible } : {}) }, 400);
    }
    const input = form.input;
    const result = await attempt(() => services.moderation.act(request.viewer, input));
    if (!result.ok) return show(problemFrom(result.error, undefined, request.i18n), result.error.status);
    // The Reports page asks to be told what was done (?done=hide); a thread hidden with its post is said too.
    const next = values.alsoHideThread && values.back.endsWith("?done=hide") ? `${values.back}_thread` : values.back;
    return redirectAfterPost(reply, next || `/c/${encodeURIComponent(result.value.community.slug)}/moderation/log?done=${encodeURIComponent(result.value.id)}`);
  });

  // Reporting (any signed-in member) and the moderators' Reports page.

  const reportForm = async (request: FastifyRequest, reply: FastifyReply, values: ReportFormValues, problem?: ReturnType<typeof problemFrom>, status = 200) => {
    const viewer = request.viewer;
    const communities =
      values.targetType === "persona" && isSignedIn(viewer)
        ? (await services.communities.membershipsOf(viewer)).filter((m) => m.status === "member").map((m) => ({ slug: m.slug, name: m.name }))
        : undefined;
    return sendPage(reply, <ReportPage ctx={await ctxOf(request)} values={values} communities={communities} problem={problem} />, status);
  };

  app.get("/report", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const targetType = queryValue(request, "targetType");
    const values: ReportFormValues = {
      targetType: REPORT_TARGETS.has(targetType) ? targetType : "post",
      targetId: queryValue(request, "targetId").slice(0, 100),
      reason: "",
      details: "",
      community: queryValue(request, "community").slice(0, 100),
      back: backOf(request.query),
    };
    return reportForm(request, reply, values);
  });

  app.post("/report", hide, async (request, reply) => {
    const back = backOf(request.body);
    const form = readSchemaForm(request.body, FlagBody, reportFormSpec(request.i18n));
    const values: ReportFormValues = { ...form.values, back };
    // What is reported travels in hidden fields a person cannot change: a problem there is said in the summary, not linked.
    const { targetType: _type, targetId: _id, ...visible } = form.fields;
    const hiddenFault = Object.keys(visible).length < Object.keys(form.fields).length;
    if (hiddenFault || !form.input) {
      const message = hiddenFault ? request.i18n.text("report.missingTarget") : CHECK_ANSWERS;
      return reportForm(request, reply, values, { message, ...(Object.keys(visible).length ? { fields: visible } : {}) }, 400);
    }
    const { note, ...flag } = form.input;
    const result = await attempt(() => services.moderation.report(request.viewer, { ...flag, details: note ?? null }));
    // The flag API names the details "note"; the form calls them details.
    if (!result.ok) return reportForm(request, reply, values, problemFrom(result.error, (name, problem) => ({ name: name === "note" ? "details" : name, problem }), request.i18n), result.error.status);
    const query = new URLSearchParams({ community: result.value.community.slug, reason: values.reason, ...(back ? { back } : {}) });
    return redirectAfterPost(reply, `/report/sent?${query.toString()}`);
  });

  app.get("/report/sent", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const community = await services.communities.get(request.viewer, queryValue(request, "community"));
    return sendPage(reply, <ReportSentPage ctx={await ctxOf(request)} community={community} reason={queryValue(request, "reason")} back={backOf(request.query)} />);
  });

  app.get<SlugParams>("/c/:slug/moderation/reports", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const cursor = queryValue(request, "cursor") || undefined;
    const reports = await services.moderation.reports(request.viewer, request.params.slug, cursor);
    const done = queryValue(request, "done");
    return sendPage(
      reply,
      <ReportsPage ctx={await ctxOf(request)} community={reports.community} reports={reports} cursor={cursor} done={isDone(done) ? done : undefined} />,
    );
  });

  app.get<SlugParams>("/c/:slug/moderation/log", hide, async (request, reply) => {
    const cursor = queryValue(request, "cursor") || undefined;
    const community = await services.communities.get(request.viewer, request.params.slug);
    const log = await services.moderation.log(request.viewer, request.params.slug, cursor);
    // After an action taken from the action form: its entry, said back to the moderator.
    const doneId = queryValue(request, "done");
    const done = doneId ? log.items.find((entry) => entry.id === doneId) : undefined;
    return sendPage(reply, <ModerationLogPage ctx={await ctxOf(request)} community={community} log={log} cursor={cursor} done={done} />);
  });

  // Break-glass (administrators).

  const showBreakGlass = async (request: FastifyRequest, reply: FastifyReply, form: BreakGlassForm, problem?: ReturnType<typeof problemFrom>, status = 200) => {
    const pending = await services.breakGlass.list(request.viewer, "pending");
    const approved = await services.breakGlass.list(request.viewer, "approved");
    const approvedForMe = approved.items.filter((r) => r.mine && r.revealUntil !== null && Date.parse(r.revealUntil) > Date.now());
    return sendPage(reply, <BreakGlassPage ctx={await ctxOf(request)} pending={pending.items} approvedForMe={approvedForMe} form={form} problem={problem} />, status);
  };

  app.get("/admin/break-glass", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    // "Ask to reveal" on a persona's page comes here with the persona filled in.
    return showBreakGlass(request, reply, { personaId: queryValue(request, "persona").slice(0, 300), reason: "" });
  });

  app.post("/admin/break-glass", hide, async (request, reply) => {
    const form = readSchemaForm(request.body, BreakGlassRequestBody, breakGlassForm(request.i18n));
    const early = schemaProblem(form);
    if (early || !form.input) return showBreakGlass(request, reply, form.values, early ?? undefined, 400);
    const input = form.input;
    const result = await attempt(() => services.breakGlass.request(request.viewer, input)).catch((error: unknown) => {
      // An address or id that names no persona: said beside the field, with what was typed kept (administrators only reach this).
      if (error instanceof AppError && error.status === 404) return { ok: false as const, error };
      throw error;
    });
    if (!result.ok) {
      const problem =
        result.error.status === 404
          ? { message: request.i18n.text("breakGlass.checkAddress"), fields: { personaId: request.i18n.text("breakGlass.noSuchPersona") } }
          : problemFrom(result.error, undefined, request.i18n);
      return showBreakGlass(request, reply, form.values, problem, result.error.status === 404 ? 400 : result.error.status);
    }
    return redirectAfterPost(reply, `/admin/break-glass/${encodeURIComponent(result.value.id)}?done=asked`);
  });

  app.get<IdParams>("/admin/break-glass/:id", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const view = await services.breakGlass.get(request.viewer, request.params.id);
    const done = queryValue(request, "done");
    return sendPage(reply, <BreakGlassRequestPage ctx={await ctxOf(request)} request={view} done={done || undefined} />);
  });

  app.get("/admin/audit-log", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const cursor = queryValue(request, "cursor") || undefined;
    const log = await services.auditLog.all(request.viewer, cursor, undefined, request.i18n);
    return sendPage(reply, <AdminAuditLogPage ctx={await ctxOf(request)} log={log} cursor={cursor} />);
  });

  // A refusal (not a second administrator, already decided) goes to the error page: no form could help.
  app.post<IdParams>("/admin/break-glass/:id/decision", hide, async (request, reply) => {
    const form = readSchemaForm(request.body, BreakGlassDecisionBody, decisionForm(request.i18n));
    if (!form.input) {
      // The decision buttons sit on the list of requests, without fields of their own to mark: the summary says what to do.
      const message = form.fields.decision
        ? request.i18n.text("breakGlass.chooseDecisionAgain")
        : request.i18n.text("breakGlass.reasonProblem", { problem: form.fields.reason ?? CHECK_ANSWERS });
      return showBreakGlass(request, reply, { personaId: "", reason: "" }, { message }, 400);
    }
    const { decision, reason } = form.input;
    const decided = await services.breakGlass.decide(request.viewer, request.params.id, decision, reason);
    return redirectAfterPost(reply, `/admin/break-glass/${encodeURIComponent(decided.id)}?done=${decided.status}`);
  });

  // The member's own record.

  app.get("/me/audit-log", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const log = await services.auditLog.mine(request.viewer, queryValue(request, "cursor") || undefined, undefined, request.i18n);
    return sendPage(reply, <AuditLogPage ctx={await ctxOf(request)} log={log} />);
  });
}
