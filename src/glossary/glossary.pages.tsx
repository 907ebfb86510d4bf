/**
 * The glossary page, /c/:slug/glossary: every term as a <dl>, each with an anchor
 * (#term-<id>) the marked words in posts link to; managers add and remove terms with two
 * small forms (POST, then back), which read the API's body schema (ADR 28).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { CsrfField, Field, Notice } from "../web/components.tsx";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { labelsOf, readSchemaForm, type FormSpec } from "../web/schema-form.ts";
import { attempt, problemFrom, type FormProblem } from "../web/form-body.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { GLOSSARY_LIMITS } from "../shared/limits.ts";
import { GlossaryTermBody } from "./glossary.schemas.ts";
import type { GlossaryView } from "./glossary.service.ts";

type SlugRoute = { Params: { slug: string }; Querystring: { done?: string } };
type TermRoute = { Params: { slug: string; id: string } };
const hide = { schema: { hide: true } };

export const glossaryPath = (slug: string) => `/c/${encodeURIComponent(slug)}/glossary`;

const termForm = (t: Translator) =>
  ({
    term: { label: t.text("glossary.term"), required: t.text("glossary.enterTerm") },
    definition: { label: t.text("glossary.definition"), required: t.text("glossary.enterDefinition") },
  }) satisfies FormSpec;

type Draft = { term: string; definition: string };

function GlossaryPage({ ctx, data, draft, problem, done }: { ctx: PageContext; data: GlossaryView; draft?: Draft; problem?: FormProblem; done?: string }) {
  const { t } = ctx;
  const base = glossaryPath(data.community.slug);
  return (
    <Layout ctx={ctx} title={formTitle(t.text("glossary.pageTitle", { community: data.community.name }), problem)} community={data.community}>
      <p>
        <a href={`/c/${encodeURIComponent(data.community.slug)}`}>{data.community.name}</a>
      </p>
      <h1>{t.text("glossary.heading")}</h1>
      <p class="lead">{t.text("glossary.lead")}</p>
      {done === "added" ? <Notice>{t.text("glossary.added")}</Notice> : done === "removed" ? <Notice>{t.text("glossary.removed")}</Notice> : null}
      {data.terms.length === 0 ? (
        <p>{t.text("glossary.empty")}</p>
      ) : (
        <dl class="glossary">
          {data.terms.map((term) => (
            <div class="glossary-entry">
              <dt id={`term-${term.id}`}>{term.term}</dt>
              <dd>
                {term.definition}
                {data.can.manage ? (
                  <form method="post" action={`${base}/${encodeURIComponent(term.id)}/delete`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <button type="submit" class="secondary">
                      {t.text("glossary.remove", { term: term.term })}
                    </button>
                  </form>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {data.can.manage ? (
        <form method="post" action={base} class="composer" novalidate>
          <h2>{t.text("glossary.addHeading")}</h2>
          <CsrfField token={ctx.csrfToken} />
          <FormErrorSummary problem={problem} labels={labelsOf(termForm(t))} />
          <Field name="term" label={t.text("glossary.term")} value={draft?.term ?? ""} error={problem?.fields?.term} maxLength={GLOSSARY_LIMITS.term} required />
          <Field name="definition" label={t.text("glossary.definition")} hint={t.text("glossary.definitionHint")} value={draft?.definition ?? ""} error={problem?.fields?.definition} maxLength={GLOSSARY_LIMITS.definition} multiline rows={3} required />
          <p class="actions">
            <button type="submit">{t.text("glossary.add")}</button>
          </p>
        </form>
      ) : null}
    </Layout>
  );
}

export async function glossaryPages(app: FastifyInstance, { services }: RouteContext) {
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  app.get<SlugRoute>("/c/:slug/glossary", hide, async (request, reply) => {
    const data = await services.glossary.glossary(request.viewer, request.params.slug);
    const done = request.query.done;
    return sendPage(reply, <GlossaryPage ctx={await ctxOf(request)} data={data} done={done === "added" || done === "removed" ? done : undefined} />);
  });

  app.post<SlugRoute>("/c/:slug/glossary", hide, async (request, reply) => {
    const { slug } = request.params;
    const form = readSchemaForm(request.body, GlossaryTermBody, termForm(request.i18n), {}, request.i18n);
    const draft: Draft = { term: form.values.term, definition: form.values.definition };
    let problem: FormProblem | undefined;
    let status = 400;
    if (Object.keys(form.fields).length > 0 || !form.input) {
      problem = { message: request.i18n.text("form.checkAnswers"), fields: form.fields };
    } else {
      const input = form.input;
      const result = await attempt(() => services.glossary.addTerm(request.viewer, slug, input));
      if (result.ok) return redirectAfterPost(reply, `${glossaryPath(slug)}?done=added`);
      problem = problemFrom(result.error, undefined, request.i18n);
      status = result.error.status;
    }
    const data = await services.glossary.glossary(request.viewer, slug);
    return sendPage(reply, <GlossaryPage ctx={await ctxOf(request)} data={data} draft={draft} problem={problem} />, status);
  });

  app.post<TermRoute>("/c/:slug/glossary/:id/delete", hide, async (request, reply) => {
    await services.glossary.removeTerm(request.viewer, request.params.slug, request.params.id);
    return redirectAfterPost(reply, `${glossaryPath(request.params.slug)}?done=removed`);
  });
}
