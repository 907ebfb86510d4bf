/**
 * The pages of questions (ADR 49): a community's questions (/c/:slug/questions), asking one
 * (/c/:slug/questions/new, read with the API's body schema, ADR 28), and the small POST forms
 * of the thread page: accept an answer, close or reopen, "not my area — pass it on".
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import type { Viewer } from "../shared/viewer.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { QUESTION_LIMITS, LIMITS } from "../shared/limits.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { CsrfField, Field, When } from "../web/components.tsx";
import { FormErrorSummary, formTitle, Select } from "../web/form-controls.tsx";
import { problemInBox, type FormProblem } from "../web/form-body.ts";
import { labelsOf, readSchemaForm, type FormSpec } from "../web/schema-form.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { sendToSignIn } from "../web/redirect-target.ts";
import { PersonaPicker, submit } from "../discussion/discussion.components.tsx";
import { withLanguage } from "../shared/content-languages.ts";
import { splitTopics } from "./topics.ts";
import { QuestionBody } from "./questions.schemas.ts";
import type { QuestionSummaryView } from "./questions.service.ts";
import { TopicList } from "./questions.components.tsx";

type SlugRoute = { Params: { slug: string } };
type IdRoute = { Params: { id: string } };
const hide = { schema: { hide: true } };

export const questionsPath = (slug: string) => `/c/${encodeURIComponent(slug)}/questions`;

const askForm = (t: Translator) =>
  ({
    title: { label: t.text("questions.form.title"), required: t.text("discussion.titleRequired") },
    topics: { label: t.text("questions.form.topics"), required: t.text("questions.form.topicsRequired"), as: (text: string) => ({ value: splitTopics(text) }) },
    body: { label: t.text("questions.form.body"), required: t.text("discussion.writeSomething") },
    space: { label: t.text("questions.form.space") },
    personaId: { label: t.text("discussion.writeAs") },
  }) satisfies FormSpec;

type AskDraft = { title: string; topics: string; body: string; space: string; personaId?: string | undefined };
type SpaceChoice = { slug: string; name: string };

function AskPage({ ctx, community, spaces, draft, problem }: { ctx: PageContext; community: { slug: string; name: string }; spaces: SpaceChoice[]; draft?: AskDraft; problem?: FormProblem | undefined }) {
  const { t } = ctx;
  const field = (name: string) => problem?.fields?.[name];
  return (
    <Layout ctx={ctx} title={formTitle(t.text("questions.askTitle", { community: community.name }), problem)} community={community}>
      <FormErrorSummary problem={problem} labels={labelsOf(askForm(t))} />
      <p>
        <a href={questionsPath(community.slug)}>{t.text("questions.backToList", { community: community.name })}</a>
      </p>
      <h1>{t.text("questions.askHeading")}</h1>
      <p class="lead">{t.text("questions.askLead")}</p>
      <form method="post" action={questionsPath(community.slug)} class="composer" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="title" label={t.text("questions.form.title")} value={draft?.title ?? ""} error={field("title")} maxLength={LIMITS.threadTitle} required />
        <Field name="topics" label={t.text("questions.form.topics")} hint={t.text("questions.form.topicsHint", { max: QUESTION_LIMITS.questionTopics })} value={draft?.topics ?? ""} error={field("topics")} required />
        <Field name="body" label={t.text("questions.form.body")} value={draft?.body ?? ""} error={field("body")} maxLength={LIMITS.postBody} multiline rows={8} required />
        {spaces.length > 1 ? <Select id="field-space" name="space" label={t.text("questions.form.space")} value={draft?.space ?? spaces[0]!.slug} options={spaces.map((s) => ({ value: s.slug, label: s.name }))} /> : <input type="hidden" name="space" value={spaces[0]?.slug ?? ""} />}
        <PersonaPicker viewer={ctx.viewer} selected={draft?.personaId} error={field("personaId")} />
        <p class="hint">{t.text("questions.whoIsAsked")}</p>
        <p class="actions">
          <button type="submit">{t.text("questions.askSubmit")}</button>
        </p>
      </form>
    </Layout>
  );
}

function QuestionsPage({ ctx, community, items, mayAsk }: { ctx: PageContext; community: { slug: string; name: string }; items: QuestionSummaryView[]; mayAsk: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("questions.listTitle", { community: community.name })} community={community}>
      <p>
        <a href={`/c/${encodeURIComponent(community.slug)}`}>{community.name}</a>
      </p>
      <h1>{t.text("questions.listHeading")}</h1>
      <p class="lead">{t.text("questions.listLead")}</p>
      <p class="actions">
        {mayAsk ? <a class="button" href={`${questionsPath(community.slug)}/new`}>{t.text("questions.askLink")}</a> : null}{" "}
        <a href={`/c/${encodeURIComponent(community.slug)}/topics`}>{t.text("questions.topicsLink")}</a>
      </p>
      {items.length === 0 ? (
        <p>{t.text("questions.none")}</p>
      ) : (
        <ul class="question-list">
          {items.map((q) => (
            <li>
              <a href={`/t/${encodeURIComponent(q.threadId)}`} dir="auto">
                {q.title}
              </a>{" "}
              <span class="question-state">{q.status === "closed" ? t.text("questions.state.closed") : q.accepted ? t.text("questions.state.accepted") : q.answered ? t.text("questions.state.answered") : t.text("questions.state.waiting")}</span>
              <TopicList topics={q.topics} />
              <When iso={q.createdAt} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export async function questionsPages(app: FastifyInstance, { services }: RouteContext) {
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  /** The spaces of the community the viewer may ask in, in the community's order. */
  async function writableSpaces(viewer: Viewer, slug: string) {
    const { community, membership, spaces } = await services.communities.readableSpaces(viewer, slug);
    return { community: { slug: community.slug, name: community.name }, spaces: spaces.filter((s) => services.communities.mayPost(viewer, community, s, membership)).map((s) => ({ slug: s.slug, name: s.name })) };
  }

  app.get<SlugRoute>("/c/:slug/questions", hide, async (request, reply) => {
    const { items } = await services.questions.list(request.viewer, request.params.slug);
    const { community, spaces } = await writableSpaces(request.viewer, request.params.slug);
    return sendPage(reply, <QuestionsPage ctx={await ctxOf(request)} community={community} items={items} mayAsk={spaces.length > 0} />);
  });

  app.get<SlugRoute>("/c/:slug/questions/new", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, request.url);
    const { community, spaces } = await writableSpaces(request.viewer, request.params.slug);
    if (spaces.length === 0) return redirectAfterPost(reply, `/c/${encodeURIComponent(community.slug)}`);
    return sendPage(reply, <AskPage ctx={await ctxOf(request)} community={community} spaces={spaces} />);
  });

  app.post<SlugRoute>("/c/:slug/questions", hide, async (request, reply) => {
    const { slug } = request.params;
    const form = readSchemaForm(request.body, QuestionBody, askForm(request.i18n), {}, request.i18n);
    const draft: AskDraft = { title: form.values.title, topics: form.values.topics, body: form.values.body, space: form.values.space, personaId: form.values.personaId || undefined };
    const result = await submit(form, request.i18n.text("questions.unsaved"), () => services.questions.ask(request.viewer, slug, withLanguage(form.input ?? { title: "", body: "", topics: [] }, request.i18n.locale)), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/t/${encodeURIComponent(result.value.id)}${result.value.crisisSupport ? "?support=1" : ""}`);
    const problem = problemInBox(result.problem, "topics");
    const { community, spaces } = await writableSpaces(request.viewer, slug);
    return sendPage(reply, <AskPage ctx={await ctxOf(request)} community={community} spaces={spaces} draft={draft} problem={problem} />, result.status);
  });

  for (const action of ["close", "reopen", "pass"] as const) {
    app.post<IdRoute>(`/t/:id/question/${action}`, hide, async (request, reply) => {
      if (!isSignedIn(request.viewer)) return sendToSignIn(reply, `/t/${encodeURIComponent(request.params.id)}`);
      const { id } = request.params;
      const question = action === "close" ? await services.questions.close(request.viewer, id) : action === "reopen" ? await services.questions.reopen(request.viewer, id) : await services.questions.passOn(request.viewer, id);
      return redirectAfterPost(reply, `/t/${encodeURIComponent(question.threadId)}#question-panel-title`);
    });
  }

  for (const undo of [false, true]) {
    app.post<IdRoute>(`/p/:id/${undo ? "unaccept" : "accept"}`, hide, async (request, reply) => {
      if (!isSignedIn(request.viewer)) return sendToSignIn(reply, "/");
      const { id } = request.params;
      const question = undo ? await services.questions.unaccept(request.viewer, id) : await services.questions.accept(request.viewer, id);
      return redirectAfterPost(reply, `/t/${encodeURIComponent(question.threadId)}#post-${encodeURIComponent(id)}`);
    });
  }
}
