/**
 * Members forking together, without JavaScript (ADR 48): a community's fork proposals with a
 * Sign button each, and the form to propose one, for its members where the charter sets
 * forkSignatures. The signature that reaches the number makes the fork.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import type { CommunityView } from "../communities/communities.presenter.ts";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Notice } from "../web/components.tsx";
import { attempt, problemFrom, sentValues, type FormProblem } from "../web/form-body.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { formField, sendToSignIn } from "../web/redirect-target.ts";
import { ForkPage, type ForkValues } from "./fork.pages.tsx";
import type { ProposalView } from "./proposals.presenter.ts";

type SlugParams = { Params: { slug: string }; Querystring: { signed?: string } };

function ProposalsPage({ ctx, community, proposals, signed }: { ctx: PageContext; community: CommunityView; proposals: ProposalView[]; signed: boolean }) {
  const { t } = ctx;
  const title = t.text("proposals.title", { community: community.name });
  return (
    <Layout ctx={ctx} title={title} community={community}>
      <p class="breadcrumb">
        <a href={`/c/${community.slug}`}>{t.text("fork.back", { community: community.name })}</a>
      </p>
      <h1>{title}</h1>
      {signed ? <Notice>{t.text("proposals.signed")}</Notice> : null}
      <p class="lead">{t.text("proposals.listLead", { needed: community.charter.forkSignatures ?? 0 })}</p>
      <p>
        <a href={`/c/${community.slug}/fork-proposals/new`} class="button">
          {t.text("proposals.newLink")}
        </a>
      </p>
      {proposals.length === 0 ? (
        <p>{t.text("proposals.none")}</p>
      ) : (
        <ul class="proposals">
          {proposals.map((p) => (
            <li key={p.id}>
              <strong dir="auto">{p.name}</strong> ({p.slug}) · {t.text("proposals.count", { signatures: p.signatures, needed: p.needed ?? 0 })}
              {p.fork ? (
                <>
                  {" · "}
                  <a href={`/c/${p.fork.slug}`}>{t.text("proposals.made")}</a>
                </>
              ) : null}
              {p.signedByMe && !p.fork ? ` · ${t.text("proposals.youSigned")}` : null}
              {p.can.sign ? (
                <form method="post" action={`/c/${community.slug}/fork-proposals/${p.id}/sign`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="secondary">
                    {t.text("proposals.sign", { name: p.name })}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export async function proposalsPages(app: FastifyInstance, { services }: RouteContext) {
  const hide = { schema: { hide: true } };
  const listPath = (slug: string) => `/c/${slug}/fork-proposals`;

  /** The community for one of its members, where its charter lets members fork together; a guest is sent to sign in (null). */
  const forMember = async (request: FastifyRequest<SlugParams>, reply: FastifyReply, path: string) => {
    if (!isSignedIn(request.viewer)) {
      await sendToSignIn(reply, path);
      return null;
    }
    const community = await services.communities.get(request.viewer, request.params.slug);
    if (community.myMembership?.status !== "member" || !community.charter.forkSignatures) throw new AppError("forbidden", 403, msg("error.fork.noMembersFork"));
    return community;
  };

  app.get<SlugParams>("/c/:slug/fork-proposals", hide, async (request, reply) => {
    const community = await forMember(request, reply, listPath(request.params.slug));
    if (!community) return reply;
    const proposals = await services.forks.proposals(request.viewer, community.slug);
    return sendPage(reply, <ProposalsPage ctx={await pageContext(request, services)} community={community} proposals={proposals} signed={request.query.signed === "1"} />);
  });

  const showForm = async (request: FastifyRequest, reply: FastifyReply, community: CommunityView, values: ForkValues, problem: FormProblem | null = null, status = 200) =>
    sendPage(reply, <ForkPage ctx={await pageContext(request, services)} community={community} values={values} problem={problem} mode="propose" />, status);

  app.get<SlugParams>("/c/:slug/fork-proposals/new", hide, async (request, reply) => {
    const community = await forMember(request, reply, `${listPath(request.params.slug)}/new`);
    if (!community) return reply;
    return showForm(request, reply, community, { slug: "", name: "", purpose: "", spaces: (community.spaces ?? []).map((s) => s.slug) });
  });

  app.post<SlugParams>("/c/:slug/fork-proposals", hide, async (request, reply) => {
    const community = await forMember(request, reply, `${listPath(request.params.slug)}/new`);
    if (!community) return reply;
    const field = (name: string) => {
      const value = formField(request.body, name);
      return typeof value === "string" ? value : "";
    };
    const values: ForkValues = { slug: field("slug").trim(), name: field("name"), purpose: field("purpose"), spaces: sentValues(request.body, "spaces") };
    const result = await attempt(() => services.forks.propose(request.viewer, community.slug, { ...values, purpose: values.purpose.trim() === "" ? undefined : values.purpose }));
    if (!result.ok) return showForm(request, reply, community, values, problemFrom(result.error, undefined, request.i18n), result.error.status);
    return redirectAfterPost(reply, `${listPath(community.slug)}?signed=1`);
  });

  app.post<{ Params: { slug: string; id: string } }>("/c/:slug/fork-proposals/:id/sign", hide, async (request, reply) => {
    const back = `${listPath(encodeURIComponent(request.params.slug))}?signed=1`;
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, listPath(encodeURIComponent(request.params.slug)));
    const signed = await services.forks.sign(request.viewer, request.params.id);
    // The fork, once this signature made it; otherwise back to the list.
    return redirectAfterPost(reply, signed.fork ? `/c/${signed.fork.slug}` : back);
  });
}
