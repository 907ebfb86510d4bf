/**
 * Forking a community and answering a fork's question, without JavaScript (ADR 43): the
 * "Fork this community" form for its owners and moderators, and the page where an author
 * whose default is "ask" sees what of theirs would go and says yes or no, now or later.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import type { CommunityView } from "../communities/communities.presenter.ts";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Field, FieldError, Notice } from "../web/components.tsx";
import { attempt, problemFrom, sentValues, type FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { formField, sendToSignIn } from "../web/redirect-target.ts";
import type { ConsentView } from "./forks.presenter.ts";

type SlugParams = { Params: { slug: string } };
export type ForkValues = { slug: string; name: string; purpose: string; spaces: string[] };

/** The fork form: a manager's fork (`fork`), or a member's proposal for members to sign (`propose`, ADR 48). */
export function ForkPage({ ctx, community, values, problem, mode = "fork" }: { ctx: PageContext; community: CommunityView; values: ForkValues; problem: FormProblem | null; mode?: "fork" | "propose" }) {
  const { t } = ctx;
  const title = mode === "fork" ? t.text("fork.title", { community: community.name }) : t.text("proposals.newTitle", { community: community.name });
  const labels = { slug: t.text("fork.slugLabel"), name: t.text("fork.nameLabel"), purpose: t.text("fork.purposeLabel"), spaces: t.text("fork.spacesLegend") };
  const spaces = [...(community.spaces ?? []), ...(community.lockedSpaces ?? [])];
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={labels} />
      <p class="breadcrumb">
        <a href={`/c/${community.slug}`}>{t.text("fork.back", { community: community.name })}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{mode === "fork" ? t.text("fork.lead") : t.text("proposals.lead", { needed: community.charter.forkSignatures ?? 0 })}</p>
      <p>{t.text("fork.consentLead")}</p>
      <p>{t.text("fork.inviteLead")}</p>
      <form method="post" action={mode === "fork" ? `/c/${community.slug}/forks/new` : `/c/${community.slug}/fork-proposals`} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="name" label={labels.name} value={values.name} error={problem?.fields?.name} required />
        <Field name="slug" label={labels.slug} hint={t.text("fork.slugHint")} value={values.slug} error={problem?.fields?.slug} required />
        <Field name="purpose" label={labels.purpose} hint={t.text("fork.purposeHint")} value={values.purpose} error={problem?.fields?.purpose} multiline rows={3} />
        <fieldset class={`field${problem?.fields?.spaces ? " field-error" : ""}`} id="field-spaces">
          <legend>{labels.spaces}</legend>
          <FieldError id="field-spaces" error={problem?.fields?.spaces} />
          {spaces.map((space) => (
            <div class="radio" key={space.slug}>
              <input type="checkbox" id={`field-spaces-${space.slug}`} name="spaces" value={space.slug} checked={values.spaces.includes(space.slug)} />
              <label for={`field-spaces-${space.slug}`} dir="auto">
                {space.name}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{mode === "fork" ? t.text("fork.submit") : t.text("proposals.submit")}</button>
      </form>
    </Layout>
  );
}

function ConsentPage({ ctx, consent, saved, problem }: { ctx: PageContext; consent: ConsentView; saved: boolean; problem: FormProblem | null }) {
  const { t } = ctx;
  const title = t.text("consent.title", { fork: consent.fork.name });
  const legend = t.text("consent.legend");
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={{ travel: legend }} />
      <h1>{title}</h1>
      {saved ? <Notice>{t.text("consent.saved")}</Notice> : null}
      <p class="lead">
        {consent.parent ? t.text("consent.leadFrom", { fork: consent.fork.name, parent: consent.parent.name }) : t.text("consent.lead", { fork: consent.fork.name })}
      </p>
      {consent.answer === "yes" ? <p class="answer">{t.text("consent.answeredYes")}</p> : null}
      {consent.answer === "no" ? <p class="answer">{t.text("consent.answeredNo")}</p> : null}
      <h2>{t.text("consent.listHeading")}</h2>
      {consent.posts.length === 0 ? (
        <p>{t.text("consent.none")}</p>
      ) : (
        <>
          <ul class="consent-posts">
            {consent.posts.map((post) => (
              <li key={post.id}>
                <strong dir="auto">{post.opening ? `${t.text("consent.opening")}: ${post.threadTitle}` : `${t.text("consent.reply")} ${post.threadTitle}`}</strong>
                <blockquote dir="auto">{post.excerpt}</blockquote>
              </li>
            ))}
          </ul>
          <p class="hint">{t.text("consent.replyNote")}</p>
        </>
      )}
      {consent.answer !== "yes" ? (
        <form method="post" action={`/c/${consent.fork.slug}/fork-consent`} noValidate>
          <CsrfField token={ctx.csrfToken} />
          <RadioGroup
            name="travel"
            legend={legend}
            value={consent.answer ?? ""}
            error={problem?.fields?.travel}
            options={[
              { value: "yes", label: t.text("consent.yes") },
              { value: "no", label: t.text("consent.no") },
            ]}
          />
          <button type="submit">{t.text("consent.submit")}</button>
        </form>
      ) : null}
    </Layout>
  );
}

export async function forkPages(app: FastifyInstance, { services }: RouteContext) {
  const hide = { schema: { hide: true } };

  /** The community, for one of its owners and moderators; a guest is sent to sign in (null), anyone else who sees it gets a 403. */
  const managed = async (request: FastifyRequest<SlugParams>, reply: FastifyReply) => {
    if (!isSignedIn(request.viewer)) {
      await sendToSignIn(reply, `/c/${request.params.slug}/forks/new`);
      return null;
    }
    const community = await services.communities.get(request.viewer, request.params.slug);
    if (!community.can?.manage) throw new AppError("forbidden", 403, msg("error.fork.managersOnly"));
    return community;
  };
  const showFork = async (request: FastifyRequest, reply: FastifyReply, community: CommunityView, values: ForkValues, problem: FormProblem | null = null, status = 200) =>
    sendPage(reply, <ForkPage ctx={await pageContext(request, services)} community={community} values={values} problem={problem} />, status);

  app.get<SlugParams>("/c/:slug/forks/new", hide, async (request, reply) => {
    const community = await managed(request, reply);
    if (!community) return reply;
    return showFork(request, reply, community, { slug: "", name: "", purpose: "", spaces: (community.spaces ?? []).map((s) => s.slug) });
  });

  app.post<SlugParams>("/c/:slug/forks/new", hide, async (request, reply) => {
    const community = await managed(request, reply);
    if (!community) return reply;
    const field = (name: string) => {
      const value = formField(request.body, name);
      return typeof value === "string" ? value : "";
    };
    const values: ForkValues = { slug: field("slug").trim(), name: field("name"), purpose: field("purpose"), spaces: sentValues(request.body, "spaces") };
    const result = await attempt(() => services.forks.fork(request.viewer, request.params.slug, { ...values, purpose: values.purpose.trim() === "" ? undefined : values.purpose }));
    if (!result.ok) return showFork(request, reply, community, values, problemFrom(result.error, undefined, request.i18n), result.error.status);
    return redirectAfterPost(reply, `/c/${result.value.slug}`);
  });

  const consentPath = (slug: string) => `/c/${slug}/fork-consent`;
  const showConsent = async (request: FastifyRequest, reply: FastifyReply, consent: ConsentView, saved: boolean, problem: FormProblem | null = null, status = 200) =>
    sendPage(reply, <ConsentPage ctx={await pageContext(request, services)} consent={consent} saved={saved} problem={problem} />, status);

  app.get<SlugParams & { Querystring: { saved?: unknown } }>("/c/:slug/fork-consent", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, consentPath(request.params.slug));
    return showConsent(request, reply, await services.forks.consent(request.viewer, request.params.slug), request.query.saved === "1");
  });

  app.post<SlugParams>("/c/:slug/fork-consent", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, consentPath(request.params.slug));
    const result = await attempt(() => services.forks.answer(request.viewer, request.params.slug, formField(request.body, "travel")));
    if (!result.ok) {
      return showConsent(request, reply, await services.forks.consent(request.viewer, request.params.slug), false, problemFrom(result.error, undefined, request.i18n), result.error.status);
    }
    return redirectAfterPost(reply, `${consentPath(request.params.slug)}?saved=1`);
  });
}
