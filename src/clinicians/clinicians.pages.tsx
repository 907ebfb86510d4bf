/**
 * Pages for clinician verification: applying (/settings/clinician), the review queue
 * (/admin/verifications) and starting the clinicians' network. The services decide
 * who may do what; a 403 or 404 from them becomes the error page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn, type SignedInViewer } from "../shared/viewer.ts";
import { attempt, CHECK_ANSWERS, problemFrom, type FormProblem } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, serviceProblem, type FormSpec } from "../web/schema-form.ts";
import { ApplicationBody, VerificationDecisionBody } from "./clinicians.schemas.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { applicationForm, CLINICIAN_SETTINGS_PATH, ClinicianSettingsPage, EMPTY_APPLICATION, type ApplicationValues } from "./clinician-settings.page.tsx";
import { QUEUE_STATUSES, reasonFieldId, VERIFICATIONS_PATH, VerificationsAdminPage, type DecisionProblem, type QueueStatus } from "./verifications-admin.page.tsx";
import { sendToSignIn } from "../web/redirect-target.ts";

type IdParams = { Params: { id: string } };

const hide = { schema: { hide: true } };


const flag = (request: FastifyRequest, name: string) => (request.query as Record<string, unknown> | undefined)?.[name] === "1";

function statusOf(request: FastifyRequest): QueueStatus {
  const value = (request.query as Record<string, unknown> | undefined)?.status;
  return QUEUE_STATUSES.find((s) => s === value) ?? "pending";
}

export async function cliniciansPages(app: FastifyInstance, { services }: RouteContext) {
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  const showSettings = async (request: FastifyRequest, reply: FastifyReply, viewer: SignedInViewer, values = EMPTY_APPLICATION, problem?: FormProblem, status = 200) => {
    const { items } = await services.clinicians.mine(viewer);
    const page = (
      <ClinicianSettingsPage
        ctx={await ctxOf(request)}
        applications={items}
        verified={viewer.isVerifiedClinician}
        values={values}
        problem={problem ?? null}
        applied={!problem && flag(request, "applied")}
      />
    );
    return sendPage(reply, page, status);
  };

  app.get(CLINICIAN_SETTINGS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, CLINICIAN_SETTINGS_PATH);
    return showSettings(request, reply, request.viewer);
  });

  app.post(CLINICIAN_SETTINGS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, CLINICIAN_SETTINGS_PATH);
    const viewer = request.viewer;
    const spec = applicationForm(request.i18n);
    const form = readSchemaForm(request.body, ApplicationBody, spec, {}, request.i18n);
    const values: ApplicationValues = form.values;
    const early = schemaProblem(form);
    if (early || !form.input) return showSettings(request, reply, viewer, values, early ?? undefined, 400);
    const input = form.input;
    const result = await attempt(() => services.clinicians.apply(viewer, input));
    if (!result.ok) return showSettings(request, reply, viewer, values, serviceProblem(spec, result.error, {}, request.i18n), result.error.status);
    return redirectAfterPost(reply, `${CLINICIAN_SETTINGS_PATH}?applied=1`);
  });

  const showQueue = async (request: FastifyRequest, reply: FastifyReply, viewer: SignedInViewer, extra: { failed?: DecisionProblem; problem?: FormProblem } = {}, status = 200) => {
    const queueStatus = extra.failed ? "pending" : statusOf(request);
    const { items } = await services.clinicians.queue(viewer, queueStatus);
    const network = viewer.isAdmin ? await services.clinicianNetwork.status() : null;
    const page = (
      <VerificationsAdminPage
        ctx={await ctxOf(request)}
        status={queueStatus}
        applications={items}
        network={network}
        failed={extra.failed}
        problem={extra.problem ?? null}
        decided={!extra.failed && !extra.problem && flag(request, "decided")}
      />
    );
    return sendPage(reply, page, status);
  };

  app.get(VERIFICATIONS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    return showQueue(request, reply, request.viewer);
  });

  app.post<IdParams>(`${VERIFICATIONS_PATH}/:id`, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, VERIFICATIONS_PATH);
    const viewer = request.viewer;
    const applicationId = request.params.id;
    // The API's VerificationDecisionBody; the reason's field is named by the application on the queue page.
    const t = request.i18n;
    const chooseDecision = t.text("verifications.chooseDecision");
    const spec = {
      decision: { label: t.text("breakGlass.decisionLabel"), required: chooseDecision, choose: chooseDecision },
      reason: { label: t.text("breakGlass.reasonLabel"), whenEmpty: "keep" },
    } satisfies FormSpec;
    const form = readSchemaForm(request.body, VerificationDecisionBody, spec, {}, request.i18n);
    const { reason } = form.values;
    const fail = (problem: FormProblem, status: number) => showQueue(request, reply, viewer, { failed: { applicationId, problem, reason } }, status);
    if (form.fields.decision) return fail({ message: form.fields.decision }, 400);
    if (form.fields.reason || !form.input) return fail({ fields: { [reasonFieldId(applicationId)]: form.fields.reason ?? CHECK_ANSWERS } }, 400);
    const { decision } = form.input;
    const result = await attempt(() => services.clinicians.decide(viewer, applicationId, decision, reason));
    if (!result.ok) {
      const problem = problemFrom(result.error, (field, text) => (field === "reason" ? { name: reasonFieldId(applicationId), problem: text } : null), request.i18n);
      return fail(problem, result.error.status);
    }
    return redirectAfterPost(reply, `${VERIFICATIONS_PATH}?decided=1`);
  });

  app.post("/admin/clinician-network", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, VERIFICATIONS_PATH);
    const viewer = request.viewer;
    const result = await attempt(() => services.clinicianNetwork.enable(viewer));
    if (!result.ok) return showQueue(request, reply, viewer, { problem: problemFrom(result.error, undefined, request.i18n) }, result.error.status);
    return redirectAfterPost(reply, `/c/${encodeURIComponent(result.value.slug)}`);
  });
}
