/** Members and requests to join, for the people who run a community. */
import type { Page } from "../shared/cursor.ts";
import { CsrfField, PersonaBadge } from "../web/components.tsx";
import { dayWords } from "../shared/dates.ts";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, Select } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { CommunityView, MemberView } from "./communities.presenter.ts";
import { withParts } from "../web/message-parts.tsx";
import type { Translator } from "../shared/i18n/translator.ts";

const ROLES = ["member", "moderator", "owner"];

const badgeOf = (m: MemberView) => <PersonaBadge persona={m.persona} />;
const dateOf = (m: MemberView, t: Translator) => <time dateTime={m.since}>{dayWords(m.since, t)}</time>;
const roleOf = (m: MemberView, t: Translator) => <span class="role">{t.text("members.roleName", { role: m.role })}</span>;

export function MembersPage(props: { ctx: PageContext; community: CommunityView; pending: MemberView[]; members: Page<MemberView>; problem?: FormProblem | null }) {
  const { ctx, community, pending, members, problem } = props;
  const base = `/c/${community.slug}`;
  const { t } = ctx;
  const isOwner = community.myMembership?.role === "owner";
  const named = { community: community.name };
  const title = t.text("members.title", named);
  const roles = ROLES.map((role) => ({ value: role, label: t.text("members.roleName", { role }) }));
  return (
    <Layout ctx={ctx} title={problem ? t.text("form.errorTitle", { title }) : title} community={community}>
      <p class="breadcrumb">
        <a href={base}>{t.text("community.backTo", named)}</a>
      </p>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={{}} />
      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">{t.text("members.requests")}</h2>
        {pending.length === 0 ? (
          <p>{t.text("members.nobodyWaiting")}</p>
        ) : (
          <ul class="card-list">
            {pending.map((request) => (
              <li class="card">
                <p>{withParts(t, "members.askedOn", {}, { persona: badgeOf(request), date: dateOf(request, t) })}</p>
                {request.message ? (
                  <blockquote class="join-message">
                    <p>{request.message}</p>
                  </blockquote>
                ) : null}
                <form method="post" action={`${base}/members/${encodeURIComponent(request.persona.id)}/decision`} class="form-row">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" name="decision" value="approve">
                    {t.text("members.approve")}
                    <span class="visually-hidden"> {request.persona.displayName}</span>
                  </button>
                  <button type="submit" name="decision" value="reject" class="secondary">
                    {t.text("members.turnDown")}
                    <span class="visually-hidden"> {request.persona.displayName}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t.text("members.members")}</h2>
        {isOwner ? <p class="hint">{t.text("members.ownersHint")}</p> : null}
        <ul class="card-list">
          {members.items.map((member, i) => (
            <li class="card">
              <p>{withParts(t, "members.since", {}, { persona: badgeOf(member), role: roleOf(member, t), date: dateOf(member, t) })}</p>
              {isOwner ? (
                <form method="post" action={`${base}/members/${encodeURIComponent(member.persona.id)}/role`} class="form-row">
                  <CsrfField token={ctx.csrfToken} />
                  <Select id={`role-${i}`} name="role" label={t.text("members.roleOf", { name: member.persona.displayName })} value={member.role} options={roles} />
                  <button type="submit" class="secondary">
                    {t.text("members.changeRole")}
                    <span class="visually-hidden"> {t.text("members.ofName", { name: member.persona.displayName })}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {members.nextCursor ? (
          <p class="pagination">
            <a href={`${base}/members?cursor=${encodeURIComponent(members.nextCursor)}`}>{t.text("members.more")}</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
