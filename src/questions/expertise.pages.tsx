/**
 * The pages of expertise (ADR 49): /settings/expertise (what each of your personas knows, whether
 * questions may be routed to it and how many a week), endorsing a persona from its page, and a
 * community's topics with their synonyms (/c/:slug/topics; its managers add and remove them).
 * Every form is read with the API's own body schema (ADR 28).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { QUESTION_LIMITS } from "../shared/limits.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { CsrfField, Field, Notice, PersonaBadge } from "../web/components.tsx";
import { Checkbox, FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import { problemInBox, type FormProblem } from "../web/form-body.ts";
import { labelsOf, readSchemaForm, type FormSpec } from "../web/schema-form.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { sendToSignIn } from "../web/redirect-target.ts";
import { submit } from "../discussion/discussion.components.tsx";
import { splitTopics } from "./topics.ts";
import { ExpertiseBody, TopicBody } from "./questions.schemas.ts";
import type { OwnExpertiseView, TopicView } from "./expertise.service.ts";
import { BASIS_KEYS } from "./questions.components.tsx";

type IdRoute = { Params: { id: string } };
type SlugRoute = { Params: { slug: string }; Querystring: { done?: string } };
type TopicRoute = { Params: { slug: string; key: string } };
const hide = { schema: { hide: true } };
const EXPERTISE_PATH = "/settings/expertise";
const topicsPath = (slug: string) => `/c/${encodeURIComponent(slug)}/topics`;
const list = (text: string) => ({ value: splitTopics(text) });

const expertiseForm = (t: Translator) =>
  ({
    personaId: { label: t.text("expertise.form.persona") },
    topics: { label: t.text("expertise.form.topics"), required: t.text("questions.form.topicsRequired"), as: list },
    basis: { label: t.text("expertise.form.basis"), choose: t.text("expertise.form.chooseBasis") },
    routing: { label: t.text("expertise.form.routing"), as: "checkbox" },
    weeklyLimit: { label: t.text("expertise.form.weeklyLimit"), as: "number" },
  }) satisfies FormSpec;

type ExpertiseDraft = { personaId: string; topics: string; basis: string; routing: boolean; weeklyLimit: string };

function ExpertiseForm({ ctx, own, draft, problem }: { ctx: PageContext; own: OwnExpertiseView; draft?: ExpertiseDraft | undefined; problem?: FormProblem | undefined }) {
  const { t } = ctx;
  const current = own.expertise;
  const values: ExpertiseDraft = draft ?? {
    personaId: own.persona.id,
    topics: current?.topics.join(", ") ?? "",
    basis: current?.basis ?? "lived",
    routing: current?.routing ?? true,
    weeklyLimit: String(current?.weeklyLimit ?? QUESTION_LIMITS.weeklyLimit.default),
  };
  const bases = (own.mayClaimClinical ? (["clinical", "lived", "both"] as const) : (["lived"] as const)).map((b) => ({ value: b, label: t.text(BASIS_KEYS[b]) }));
  return (
    <section class="expertise-persona" aria-labelledby={`expertise-${own.persona.id}`}>
      <h2 id={`expertise-${own.persona.id}`}>
        <PersonaBadge persona={own.persona} />
      </h2>
      {problem ? <FormErrorSummary problem={problem} labels={labelsOf(expertiseForm(t))} /> : null}
      <form method="post" action={EXPERTISE_PATH} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="personaId" value={own.persona.id} />
        <Field name="topics" label={t.text("expertise.form.topics")} hint={t.text("expertise.form.topicsHint")} value={values.topics} error={problem?.fields?.topics} required />
        <RadioGroup name="basis" legend={t.text("expertise.form.basis")} value={values.basis} options={bases} error={problem?.fields?.basis} />
        <Checkbox name="routing" label={t.text("expertise.form.routing")} hint={t.text("expertise.form.routingHint")} checked={values.routing} />
        <Field name="weeklyLimit" type="number" label={t.text("expertise.form.weeklyLimit")} hint={t.text("expertise.form.weeklyLimitHint")} value={values.weeklyLimit} error={problem?.fields?.weeklyLimit} />
        <p class="actions">
          <button type="submit">{t.text("expertise.form.save")}</button>
        </p>
      </form>
      {current ? (
        <form method="post" action={`${EXPERTISE_PATH}/clear`} class="inline-form">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="personaId" value={own.persona.id} />
          <button type="submit" class="secondary">
            {t.text("expertise.form.clear")}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function ExpertisePage({ ctx, personas, failed, done }: { ctx: PageContext; personas: OwnExpertiseView[]; failed?: { personaId: string; draft: ExpertiseDraft; problem: FormProblem }; done?: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("expertise.pageTitle"), failed?.problem)}>
      <h1>{t.text("expertise.heading")}</h1>
      <p class="lead">{t.text("expertise.lead")}</p>
      <p>{t.text("expertise.privacy")}</p>
      {done ? <Notice>{t.text("expertise.saved")}</Notice> : null}
      {personas.map((own) => (
        <ExpertiseForm ctx={ctx} own={own} {...(failed?.personaId === own.persona.id ? { draft: failed.draft, problem: failed.problem } : {})} />
      ))}
    </Layout>
  );
}

const topicForm = (t: Translator) =>
  ({
    key: { label: t.text("topics.form.key"), required: t.text("topics.form.keyRequired"), path: "label" },
    synonyms: { label: t.text("topics.form.synonyms"), as: list },
    conditionCode: { label: t.text("topics.form.condition"), whenEmpty: "omit" },
  }) satisfies FormSpec;

function TopicsPage({ ctx, community, topics, manage, problem, draft, done }: { ctx: PageContext; community: { slug: string; name: string }; topics: TopicView[]; manage: boolean; problem?: FormProblem | undefined; draft?: Record<string, string>; done?: string | undefined }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("topics.pageTitle", { community: community.name }), problem)} community={community}>
      {problem ? <FormErrorSummary problem={problem} labels={labelsOf(topicForm(t))} /> : null}
      <p>
        <a href={`/c/${encodeURIComponent(community.slug)}/questions`}>{t.text("questions.backToList", { community: community.name })}</a>
      </p>
      <h1>{t.text("topics.heading")}</h1>
      <p class="lead">{t.text("topics.lead")}</p>
      {done ? <Notice>{t.text(done === "removed" ? "topics.removed" : "topics.saved")}</Notice> : null}
      {topics.length === 0 ? (
        <p>{t.text("topics.none")}</p>
      ) : (
        <dl class="topic-vocabulary">
          {topics.map((topic) => (
            <div>
              <dt>{topic.label}</dt>
              <dd>
                {topic.synonyms.length > 0 ? t.text("topics.alsoCalled", { synonyms: topic.synonyms.join(", ") }) : t.text("topics.noSynonyms")}
                {manage ? (
                  <form method="post" action={`${topicsPath(community.slug)}/${encodeURIComponent(topic.key)}/delete`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <button type="submit" class="secondary">
                      {t.text("topics.remove", { topic: topic.label })}
                    </button>
                  </form>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {manage ? (
        <form method="post" action={topicsPath(community.slug)} class="composer" novalidate>
          <h2>{t.text("topics.addHeading")}</h2>
          <CsrfField token={ctx.csrfToken} />
          <Field name="key" label={t.text("topics.form.key")} value={draft?.key ?? ""} error={problem?.fields?.key ?? problem?.fields?.label} required />
          <Field name="synonyms" label={t.text("topics.form.synonyms")} hint={t.text("topics.form.synonymsHint")} value={draft?.synonyms ?? ""} error={problem?.fields?.synonyms} />
          <Field name="conditionCode" label={t.text("topics.form.condition")} hint={t.text("topics.form.conditionHint")} value={draft?.conditionCode ?? ""} error={problem?.fields?.conditionCode} />
          <p class="actions">
            <button type="submit">{t.text("topics.add")}</button>
          </p>
        </form>
      ) : null}
    </Layout>
  );
}

export async function expertisePages(app: FastifyInstance, { services }: RouteContext) {
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  app.get(EXPERTISE_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const done = (request.query as { done?: string }).done === "1";
    return sendPage(reply, <ExpertisePage ctx={await ctxOf(request)} personas={await services.expertise.mine(request.viewer)} done={done} />);
  });

  app.post(EXPERTISE_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, EXPERTISE_PATH);
    const form = readSchemaForm(request.body, ExpertiseBody, expertiseForm(request.i18n), {}, request.i18n);
    // An unticked box sends nothing: routing off.
    const input = form.input ? { ...form.input, routing: form.input.routing === true } : null;
    const result = await submit(form, request.i18n.text("expertise.unsaved"), () => services.expertise.set(request.viewer, input!), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `${EXPERTISE_PATH}?done=1`);
    const draft: ExpertiseDraft = { personaId: form.values.personaId, topics: form.values.topics, basis: form.values.basis, routing: form.values.routing !== "", weeklyLimit: form.values.weeklyLimit };
    const personas = await services.expertise.mine(request.viewer);
    return sendPage(reply, <ExpertisePage ctx={await ctxOf(request)} personas={personas} failed={{ personaId: form.values.personaId, draft, problem: problemInBox(result.problem, "topics") }} />, result.status);
  });

  app.post(`${EXPERTISE_PATH}/clear`, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, EXPERTISE_PATH);
    const personaId = (request.body as { personaId?: unknown } | undefined)?.personaId;
    await services.expertise.clear(request.viewer, typeof personaId === "string" ? personaId : undefined);
    return redirectAfterPost(reply, `${EXPERTISE_PATH}?done=1`);
  });

  for (const undo of [false, true]) {
    app.post<IdRoute>(`/personas/:id/${undo ? "unendorse" : "endorse"}`, hide, async (request, reply) => {
      const back = `/personas/${encodeURIComponent(request.params.id)}`;
      if (!isSignedIn(request.viewer)) return sendToSignIn(reply, back);
      if (undo) await services.expertise.unendorse(request.viewer, request.params.id);
      else await services.expertise.endorse(request.viewer, request.params.id);
      return redirectAfterPost(reply, `${back}#expertise-title`);
    });
  }

  app.get<SlugRoute>("/c/:slug/topics", hide, async (request, reply) => {
    const { slug } = request.params;
    const community = await services.communities.get(request.viewer, slug);
    const { topics, can } = await services.expertise.vocabulary(request.viewer, slug);
    return sendPage(reply, <TopicsPage ctx={await ctxOf(request)} community={community} topics={topics} manage={can.manage} done={request.query.done} />);
  });

  app.post<SlugRoute>("/c/:slug/topics", hide, async (request, reply) => {
    const { slug } = request.params;
    const form = readSchemaForm(request.body, TopicBody, topicForm(request.i18n), {}, request.i18n);
    const typed = form.values;
    const result = await submit(form, request.i18n.text("topics.unsaved"), () => services.expertise.setTopic(request.viewer, slug, typed.key, form.input!), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `${topicsPath(slug)}?done=saved`);
    const community = await services.communities.get(request.viewer, slug);
    const { topics, can } = await services.expertise.vocabulary(request.viewer, slug);
    return sendPage(reply, <TopicsPage ctx={await ctxOf(request)} community={community} topics={topics} manage={can.manage} problem={problemInBox(result.problem, "synonyms")} draft={typed} />, result.status);
  });

  app.post<TopicRoute>("/c/:slug/topics/:key/delete", hide, async (request, reply) => {
    await services.expertise.removeTopic(request.viewer, request.params.slug, request.params.key);
    return redirectAfterPost(reply, `${topicsPath(request.params.slug)}?done=removed`);
  });
}
