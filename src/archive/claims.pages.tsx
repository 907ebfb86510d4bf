/**
 * The claim page (ADR 46), without JavaScript: a signed-in member enters the code their old
 * host sent them, and the portable personas it opens become theirs. Linked from a community
 * that moved here and from the account page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Field, Notice } from "../web/components.tsx";
import { attempt, CHECK_ANSWERS, problemFrom, type FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { sendToSignIn } from "../web/redirect-target.ts";
import { readSchemaForm, type FormSpec } from "../web/schema-form.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { ClaimBody } from "./claims.routes.ts";

export const CLAIM_PATH = "/claim";

const claimForm = (t: Translator): FormSpec => ({ code: { label: t.text("claim.codeLabel"), required: t.text("claim.codeRequired") } });

function ClaimPage({ ctx, code, claimed, problem }: { ctx: PageContext; code: string; claimed: { slug: string; name: string } | null; problem: FormProblem | null }) {
  const { t } = ctx;
  const title = t.text("claim.title");
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={{ code: t.text("claim.codeLabel") }} />
      <p class="breadcrumb">
        <a href="/account">{t.text("claim.backToAccount")}</a>
      </p>
      <h1>{title}</h1>
      {claimed ? (
        <Notice>
          {t.text("claim.done")}{" "}
          <a href={`/c/${encodeURIComponent(claimed.slug)}`} dir="auto">
            {claimed.name}
          </a>
        </Notice>
      ) : null}
      <p class="lead">{t.text("claim.lead")}</p>
      <p>{t.text("claim.anonymousNote")}</p>
      <form method="post" action={CLAIM_PATH} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="code" label={t.text("claim.codeLabel")} hint={t.text("claim.codeHint")} value={code} error={problem?.fields?.code} autocomplete="off" required />
        <button type="submit">{t.text("claim.submit")}</button>
      </form>
    </Layout>
  );
}

export async function claimPages(app: FastifyInstance, { services }: RouteContext) {
  const hide = { schema: { hide: true } };
  const show = async (request: FastifyRequest, reply: FastifyReply, code: string, claimed: { slug: string; name: string } | null, problem: FormProblem | null = null, status = 200) =>
    sendPage(reply, <ClaimPage ctx={await pageContext(request, services)} code={code} claimed={claimed} problem={problem} />, status);

  app.get<{ Querystring: { claimed?: unknown } }>(CLAIM_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, CLAIM_PATH);
    const slug = typeof request.query.claimed === "string" ? request.query.claimed : null;
    // Only a community the viewer may see is named (they are its member once they have claimed).
    const community = slug ? await attempt(() => services.communities.get(request.viewer, slug)) : null;
    return show(request, reply, "", community?.ok ? { slug: community.value.slug, name: community.value.name } : null);
  });

  app.post(CLAIM_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, CLAIM_PATH);
    const form = readSchemaForm(request.body, ClaimBody, claimForm(request.i18n));
    // The code is never shown back: a wrong one is typed again.
    if (!form.input) return show(request, reply, "", null, { message: CHECK_ANSWERS, fields: form.fields }, 400);
    const code = form.input.code;
    const result = await attempt(() => services.archive.claim(request.viewer, code));
    if (!result.ok) return show(request, reply, "", null, problemFrom(result.error, undefined, request.i18n), result.error.status);
    const first = result.value.communities[0];
    return redirectAfterPost(reply, `${CLAIM_PATH}?claimed=${encodeURIComponent(first?.slug ?? "")}`);
  });
}
