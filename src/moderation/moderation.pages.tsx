/**
 * Pages for moderation, break-glass and the member's audit log. Each handler reads
 * the form, calls the service as the viewer and renders; a form the service turns
 * down comes back with the problem and what was typed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { attempt, CHECK_ANSWERS, problemFrom, readForm } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, type FormSpec } from "../web/schema-form.ts";
import { BreakGlassRequestBody, ModerationActionBody } from "./moderation.schemas.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { formField, redirectTarget } from "../web/redirect-target.ts";
import { AuditLogPage } from "./audit-log.page.tsx";
import { BreakGlassPage, BreakGlassRequestPage, type BreakGlassForm } from "./break-glass.page.tsx";
import { ModerationActionPage, type ActionFormValues } from "./moderation-action.page.tsx";
import { ModerationLogPage } from "./moderation-log.page.tsx";
import { LIMITS } from "../shared/limits.ts";

type SlugParams = { Params: { slug: string } };
type IdParams = { Params: { id: string } };

const hide = { schema: { hide: true } };

/** The moderation form, in the page's order, on the API's ModerationActionBody (ADR 28). */
const ACTION_FORM = {
  action: { label: "What to do", required: "Choose what to do.", choose: "Choose what to do." },
  until: { label: "Suspended until", whenEmpty: "null" },
  reason: { label: "Reason", required: "Give the reason. It is shown with the action in the community's public moderation log." },
  targetType: { label: "What you are acting on", choose: "Choose what to act on." },
  targetId: { label: "What you are acting on" },
  community: { label: "Community", whenEmpty: "null" },
  flagId: { label: "Flag", whenEmpty: "null" },
} satisfies FormSpec;
/** The break-glass request form on the API's BreakGlassRequestBody. */
const BREAK_GLASS_FORM = {
  personaId: { label: "Persona id", required: "Enter the id of the persona whose account you need to know." },
  reason: { label: "Reason", required: "Give the reason. The second administrator and the member will read it." },
} satisfies FormSpec;
const ACTIONS = new Set(["dismiss", "hide", "unhide", "warn", "suspend", "unsuspend", "ban"]);
const TARGETS = new Set(["post", "thread", "persona"]);

/** One text value from a query string, whatever the address held. */
function queryValue(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === "string" ? one : "";
}

const signInFirst = (reply: FastifyReply, path: string) => reply.redirect(`/signin?next=${encodeURIComponent(path)}`, 303);

export async function moderationPages(app: FastifyInstance, { services, config }: RouteContext) {
  /** Where to come back to: checked before anything is shown or done (a bad one is a 400); none is "". */
  const backOf = (source: unknown) => redirectTarget(formField(source, "back"), { publicUrl: config.publicUrl, field: "back", fallback: "" });
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  // Moderation actions (the thread page's Hide forms post here too).

  app.get("/moderation/act", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return signInFirst(reply, request.url);
    const values: ActionFormValues = {
      targetType: TARGETS.has(queryValue(request, "targetType")) ? queryValue(request, "targetType") : "post",
      targetId: queryValue(request, "targetId").slice(0, 100),
      action: ACTIONS.has(queryValue(request, "action")) ? queryValue(request, "action") : "",
      reason: "",
      until: "",
      community: queryValue(request, "community").slice(0, 100),
      flagId: queryValue(request, "flagId").slice(0, 100),
      back: backOf(request.query),
    };
    return sendPage(reply, <ModerationActionPage ctx={await ctxOf(request)} values={values} />);
  });

  app.post("/moderation/actions", hide, async (request, reply) => {
    const back = backOf(request.body);
    const form = readSchemaForm(request.body, ModerationActionBody, ACTION_FORM);
    const values = { ...form.values, back };
    const show = async (problem: ReturnType<typeof problemFrom>, status: number) =>
      sendPage(reply, <ModerationActionPage ctx={await ctxOf(request)} values={values} problem={problem} />, status);
    // What to act on travels in hidden fields a person cannot change: a problem there is said in the summary, not linked.
    const { targetType: _type, targetId: _id, community: _community, flagId: _flag, ...visible } = form.fields;
    const hiddenFault = Object.keys(visible).length < Object.keys(form.fields).length;
    if (hiddenFault || !form.input) {
      const message = hiddenFault ? "This form is missing what to act on. Go back and try again." : CHECK_ANSWERS;
      return show({ message, ...(Object.keys(visible).length ? { fields: visible } : {}) }, 400);
    }
    const input = form.input;
    const result = await attempt(() => services.moderation.act(request.viewer, input));
    if (!result.ok) return show(problemFrom(result.error), result.error.status);
    return redirectAfterPost(reply, values.back || `/c/${encodeURIComponent(result.value.community.slug)}/moderation/log`);
  });

  app.get<SlugParams>("/c/:slug/moderation/log", hide, async (request, reply) => {
    const cursor = queryValue(request, "cursor") || undefined;
    const community = await services.communities.get(request.viewer, request.params.slug);
    const log = await services.moderation.log(request.viewer, request.params.slug, cursor);
    return sendPage(reply, <ModerationLogPage ctx={await ctxOf(request)} community={community} log={log} cursor={cursor} />);
  });

  // Break-glass (administrators).

  const showBreakGlass = async (request: FastifyRequest, reply: FastifyReply, form: BreakGlassForm, problem?: ReturnType<typeof problemFrom>, status = 200) => {
    const pending = await services.breakGlass.list(request.viewer, "pending");
    const approved = await services.breakGlass.list(request.viewer, "approved");
    const approvedForMe = approved.items.filter((r) => r.mine && r.revealUntil !== null && Date.parse(r.revealUntil) > Date.now());
    return sendPage(reply, <BreakGlassPage ctx={await ctxOf(request)} pending={pending.items} approvedForMe={approvedForMe} form={form} problem={problem} />, status);
  };

  app.get("/admin/break-glass", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return signInFirst(reply, request.url);
    return showBreakGlass(request, reply, { personaId: "", reason: "" });
  });

  app.post("/admin/break-glass", hide, async (request, reply) => {
    const form = readSchemaForm(request.body, BreakGlassRequestBody, BREAK_GLASS_FORM);
    const early = schemaProblem(form);
    if (early || !form.input) return showBreakGlass(request, reply, form.values, early ?? undefined, 400);
    const input = form.input;
    const result = await attempt(() => services.breakGlass.request(request.viewer, input));
    if (!result.ok) return showBreakGlass(request, reply, form.values, problemFrom(result.error), result.error.status);
    return redirectAfterPost(reply, `/admin/break-glass/${encodeURIComponent(result.value.id)}`);
  });

  app.get<IdParams>("/admin/break-glass/:id", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return signInFirst(reply, request.url);
    const view = await services.breakGlass.get(request.viewer, request.params.id);
    return sendPage(reply, <BreakGlassRequestPage ctx={await ctxOf(request)} request={view} />);
  });

  // A refusal (not a second administrator, already decided) goes to the error page: no form could help.
  app.post<IdParams>("/admin/break-glass/:id/decision", hide, async (request, reply) => {
    const form = readForm(request.body, { decision: 20, reason: LIMITS.moderationReason });
    const decision = form.values.decision === "approve" || form.values.decision === "reject" ? form.values.decision : null;
    if (!decision || Object.keys(form.fields).length) {
      return showBreakGlass(request, reply, { personaId: "", reason: "" }, { message: "Choose Approve or Turn down, then send the form again." }, 400);
    }
    await services.breakGlass.decide(request.viewer, request.params.id, decision, form.values.reason);
    return redirectAfterPost(reply, "/admin/break-glass");
  });

  // The member's own record.

  app.get("/me/audit-log", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return signInFirst(reply, request.url);
    const log = await services.auditLog.mine(request.viewer, queryValue(request, "cursor") || undefined);
    return sendPage(reply, <AuditLogPage ctx={await ctxOf(request)} log={log} />);
  });
}
