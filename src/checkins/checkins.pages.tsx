/** The check-in pages: the form and the member's history (GET), checking in (POST, then back with a notice), the CSV. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { attempt, problemFrom } from "../web/form-body.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { sentToSignIn } from "../web/redirect-target.ts";
import { CheckinPage, type CheckinPageProps } from "./checkin.page.tsx";
import { formFieldOf, readCheckinForm } from "./checkins.components.tsx";
import { checkinsCsv, presentSummary, presentTemplate } from "./checkins.presenter.ts";
import { sendCheckinsCsv } from "./checkins-csv.ts";

type SlugRoute = { Params: { slug: string }; Querystring: { saved?: string } };
type SlugRequest = FastifyRequest<SlugRoute>;
type FormState = CheckinPageProps["form"];
const hide = { schema: { hide: true } };

export async function checkinsPages(app: FastifyInstance, { services }: RouteContext) {
  /** Everything the page shows, for the viewer; `form` overrides the starting answers (a form sent back). */
  async function page(request: SlugRequest, form?: FormState): Promise<CheckinPageProps> {
    const { template, summary, form: starting, ...shown } = await services.checkins.page(request.viewer, request.params.slug);
    const saved = request.query.saved;
    return {
      ctx: await pageContext(request, services),
      ...shown,
      template: presentTemplate(template, request.i18n),
      summary: summary ? presentSummary(summary, request.i18n) : null,
      form: form ?? starting,
      saved: saved === "new" || saved === "replaced" ? saved : undefined,
    };
  }

  app.get<SlugRoute>("/c/:slug/checkin", hide, async (request, reply) => {
    if (sentToSignIn(request, reply)) return reply;
    return sendPage(reply, <CheckinPage {...await page(request)} />);
  });

  app.post<SlugRoute>("/c/:slug/checkin", hide, async (request, reply) => {
    if (sentToSignIn(request, reply, `/c/${encodeURIComponent(request.params.slug)}/checkin`)) return reply;
    const template = await services.checkins.template(request.viewer, request.params.slug);
    const sent = readCheckinForm(template, request.body);
    const result = await attempt(() => services.checkins.checkIn(request.viewer, request.params.slug, sent));
    if (result.ok) return redirectAfterPost(reply, `/c/${encodeURIComponent(request.params.slug)}/checkin?saved=${result.value.replaced ? "replaced" : "new"}`);
    if (result.error.status !== 400) throw result.error;
    const problem = problemFrom(result.error, (field, said) => ({ name: formFieldOf(field), problem: said }), request.i18n);
    const props = await page(request, { values: sent.values, share: sent.share, checkedInToday: false, problem });
    return sendPage(reply, <CheckinPage {...props} />, 400);
  });

  app.get<SlugRoute>("/c/:slug/checkin/export.csv", hide, async (request, reply) => {
    if (sentToSignIn(request, reply, `/c/${encodeURIComponent(request.params.slug)}/checkin`)) return reply;
    const { template, items } = await services.checkins.history(request.viewer, request.params.slug);
    return sendCheckinsCsv(reply, request.params.slug, checkinsCsv(presentTemplate(template, request.i18n), items, request.i18n));
  });
}
