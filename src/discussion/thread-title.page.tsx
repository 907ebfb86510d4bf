/** Changing a thread's title, and its earlier titles: for its author and the community's moderators. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { PublicWarning } from "../communities/communities.components.tsx";
import { AudienceLine, CsrfField, Field, When } from "../web/components.tsx";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { LIMITS } from "../shared/limits.ts";
import type { ThreadView, TitleRevisionView } from "./discussion.service.ts";
import { Breadcrumb, fieldError, type FormProblem } from "./discussion.components.tsx";
import { threadCrumbs } from "./thread.page.tsx";

const crumbs = (thread: ThreadView) => <Breadcrumb items={[...threadCrumbs(thread), { href: `/t/${thread.id}`, label: thread.title }]} />;

export function EditTitlePage(props: { ctx: PageContext; thread: ThreadView; title: string; problem?: FormProblem }) {
  const { ctx, thread, problem } = props;
  return (
    <Layout ctx={ctx} title={formTitle(`Change the title · ${thread.community.name}`, problem)}>
      {crumbs(thread)}
      <h1>Change the title</h1>
      <p>The earlier title is kept; only the person who started the thread and the community's moderators can see it.</p>
      <form method="post" action={`/t/${thread.id}/title`} class="composer" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormErrorSummary problem={problem} labels={{ title: "Title" }} />
        <Field name="title" label="Title" value={props.title} error={fieldError(problem, "title")} maxLength={LIMITS.threadTitle} required />
        <PublicWarning show={thread.space.readableByAnyone} />
        <AudienceLine audience={thread.space.audience} />
        <p class="actions">
          <button type="submit">Save the title</button>
          <a href={`/t/${thread.id}`}>Cancel and keep it as it was</a>
        </p>
      </form>
    </Layout>
  );
}

export function TitleHistoryPage({ ctx, thread, revisions }: { ctx: PageContext; thread: ThreadView; revisions: TitleRevisionView[] }) {
  return (
    <Layout ctx={ctx} title={`Earlier titles · ${thread.community.name}`}>
      {crumbs(thread)}
      <h1>Earlier titles of this thread</h1>
      <p>Only the person who started the thread and the community's moderators can see this page. Newest first.</p>
      <h2>Now</h2>
      <p class="lead">{thread.title}</p>
      <h2>Before</h2>
      {revisions.length === 0 ? (
        <p>The title has not been changed.</p>
      ) : (
        <ol class="revisions">
          {revisions.map((r) => (
            <li class="revision">
              <p class="revision-time">
                <When iso={r.replacedAt} prefix="Replaced on" />
              </p>
              <p class="revision-body">{r.title}</p>
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={`/t/${thread.id}`}>Back to the thread</a>
      </p>
    </Layout>
  );
}
