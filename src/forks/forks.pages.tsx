/** Whether a member's posts go with forks of the communities they write in (ADR 43): their default, without JavaScript. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Notice } from "../web/components.tsx";
import { attempt, problemFrom, type FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { sendToSignIn } from "../web/redirect-target.ts";
import type { TravelChoice } from "./travel-choice.ts";
import type { AskedView } from "./forks.presenter.ts";

export const FORK_SETTINGS_PATH = "/settings/forks";

const ANSWER_KEYS = { waiting: "forks.askedWaiting", yes: "forks.askedYes", no: "forks.askedNo" } as const;

function ForkSettingsPage({ ctx, choice, saved, problem, asked }: { ctx: PageContext; choice: string; saved: boolean; problem?: FormProblem | null; asked: AskedView[] }) {
  const { t } = ctx;
  const title = t.text("forks.settingsTitle");
  const legend = t.text("forks.choiceLegend");
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={{ travelWithForks: legend }} />
      <p class="breadcrumb">
        <a href="/account">{t.text("forks.backToAccount")}</a>
      </p>
      <h1>{title}</h1>
      {saved ? <Notice>{t.text("forks.saved")}</Notice> : null}
      <p class="lead">{t.text("forks.lead")}</p>
      <form method="post" action={FORK_SETTINGS_PATH} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <RadioGroup
          name="travelWithForks"
          legend={legend}
          value={choice}
          error={problem?.fields?.travelWithForks}
          options={[
            { value: "ask", label: t.text("forks.ask"), hint: t.text("forks.askHint") },
            { value: "yes", label: t.text("forks.yes"), hint: t.text("forks.yesHint") },
            { value: "no", label: t.text("forks.no"), hint: t.text("forks.noHint") },
          ]}
        />
        <button type="submit">{t.text("forks.save")}</button>
      </form>
      {asked.length ? (
        <section aria-labelledby="asked-heading">
          <h2 id="asked-heading">{t.text("forks.askedHeading")}</h2>
          <ul>
            {asked.map((a) => (
              <li key={a.fork.slug}>
                <a href={`/c/${encodeURIComponent(a.fork.slug)}/fork-consent`} dir="auto">
                  {a.fork.name}
                </a>
                {": "}
                {t.text(ANSWER_KEYS[a.answer ?? "waiting"])}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

export async function forksPages(app: FastifyInstance, { services }: RouteContext) {
  const hide = { schema: { hide: true } };
  const show = async (request: FastifyRequest, reply: FastifyReply, choice: TravelChoice | string, options: { saved?: boolean; problem?: FormProblem; status?: number } = {}) =>
    sendPage(reply, <ForkSettingsPage ctx={await pageContext(request, services)} choice={choice} saved={options.saved ?? false} problem={options.problem ?? null} asked={await services.forks.asked(request.viewer)} />, options.status ?? 200);

  app.get<{ Querystring: { saved?: unknown } }>(FORK_SETTINGS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, FORK_SETTINGS_PATH);
    return show(request, reply, await services.forks.travelWithForks(request.viewer), { saved: request.query.saved === "1" });
  });

  app.post(FORK_SETTINGS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, FORK_SETTINGS_PATH);
    const sent = (request.body as { travelWithForks?: unknown } | undefined)?.travelWithForks;
    const result = await attempt(() => services.forks.setTravelWithForks(request.viewer, sent));
    if (!result.ok) return show(request, reply, typeof sent === "string" ? sent : "", { problem: problemFrom(result.error, undefined, request.i18n), status: result.error.status });
    return redirectAfterPost(reply, `${FORK_SETTINGS_PATH}?saved=1`);
  });
}
