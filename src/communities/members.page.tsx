/** Members and requests to join, for the people who run a community. */
import type { Page } from "../shared/cursor.ts";
import { CsrfField, PersonaBadge } from "../web/components.tsx";
import { dayWords } from "../shared/dates.ts";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, Select } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { CommunityView, MemberView } from "./communities.presenter.ts";

const ROLES = [
  { value: "member", label: "Member" },
  { value: "moderator", label: "Moderator" },
  { value: "owner", label: "Owner" },
];
const ROLE_WORDS: Record<string, string> = { owner: "Owner", moderator: "Moderator", member: "Member" };

export function MembersPage(props: { ctx: PageContext; community: CommunityView; pending: MemberView[]; members: Page<MemberView>; problem?: FormProblem | null }) {
  const { ctx, community, pending, members, problem } = props;
  const base = `/c/${community.slug}`;
  const isOwner = community.myMembership?.role === "owner";
  return (
    <Layout ctx={ctx} title={`${problem ? "Error: " : ""}Members of ${community.name}`}>
      <p class="breadcrumb">
        <a href={base}>Back to {community.name}</a>
      </p>
      <h1>Members of {community.name}</h1>
      <FormErrorSummary problem={problem} labels={{}} />
      <section aria-labelledby="requests-heading">
        <h2 id="requests-heading">Requests to join</h2>
        {pending.length === 0 ? (
          <p>Nobody is waiting to join.</p>
        ) : (
          <ul class="card-list">
            {pending.map((request) => (
              <li class="card">
                <p>
                  <PersonaBadge persona={request.persona} /> asked on <time dateTime={request.since}>{dayWords(request.since)}</time>
                </p>
                {request.message ? (
                  <blockquote class="join-message">
                    <p>{request.message}</p>
                  </blockquote>
                ) : null}
                <form method="post" action={`${base}/members/${encodeURIComponent(request.persona.id)}/decision`} class="form-row">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" name="decision" value="approve">
                    Approve<span class="visually-hidden"> {request.persona.displayName}</span>
                  </button>
                  <button type="submit" name="decision" value="reject" class="secondary">
                    Turn down<span class="visually-hidden"> {request.persona.displayName}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {isOwner ? <p class="hint">Owners change the charter and roles. Moderators look after conversations and requests to join.</p> : null}
        <ul class="card-list">
          {members.items.map((member, i) => (
            <li class="card">
              <p>
                <PersonaBadge persona={member.persona} /> <span class="role">{ROLE_WORDS[member.role] ?? member.role}</span>, since{" "}
                <time dateTime={member.since}>{dayWords(member.since)}</time>
              </p>
              {isOwner ? (
                <form method="post" action={`${base}/members/${encodeURIComponent(member.persona.id)}/role`} class="form-row">
                  <CsrfField token={ctx.csrfToken} />
                  <Select id={`role-${i}`} name="role" label={`Role of ${member.persona.displayName}`} value={member.role} options={ROLES} />
                  <button type="submit" class="secondary">
                    Change role<span class="visually-hidden"> of {member.persona.displayName}</span>
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {members.nextCursor ? (
          <p class="pagination">
            <a href={`${base}/members?cursor=${encodeURIComponent(members.nextCursor)}`}>More members</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
