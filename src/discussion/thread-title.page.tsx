/** Changing a thread's title, and its earlier titles: for its author and the community's moderators. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { PublicWarning } from "../communities/communities.components.tsx";
import { AudienceLine, CsrfField, Field, When } from "../web/components.tsx";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { LIMITS } from "../shared/limits.ts";
import type { ThreadView, TitleRevisionView } from "./discussion.service.ts";
import { Breadcrumb, fieldError, titleForm, type FormProblem } from "./discussion.components.tsx";
import { labelsOf } from "../web/schema-form.ts";
import { threadCrumbs } from "./thread.page.tsx";

const crumbs = (thread: ThreadView) => <Breadcrumb items={[...threadCrumbs(thread), { href: `/t/${thread.id}`, label: thread.title }]} />;

export function EditTitlePage(props: { ctx: PageContext; thread: ThreadView; title: string; problem?: FormProblem }) {
  const { ctx, thread, problem } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("title.pageTitle", { community: thread.community.name }), problem)} community={thread.community}>
      {crumbs(thread)}
      <h1>{t.text("title.changeTitle")}</h1>
      <p>{t.text("title.keptLead")}</p>
      <form method="post" action={`/t/${thread.id}/title`} class="composer" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormErrorSummary problem={problem} labels={labelsOf(titleForm(t))} />
        <Field name="title" label={t.text("discussion.title")} value={props.title} error={fieldError(problem, "title")} maxLength={LIMITS.threadTitle} required />
        <PublicWarning show={thread.space.readableByAnyone} />
        <AudienceLine community={thread.community.name} space={thread.space} />
        <p class="actions">
          <button type="submit">{t.text("title.save")}</button>
          <a href={`/t/${thread.id}`}>{t.text("discussion.cancelKeep")}</a>
        </p>
      </form>
    </Layout>
  );
}

export function TitleHistoryPage({ ctx, thread, revisions }: { ctx: PageContext; thread: ThreadView; revisions: TitleRevisionView[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("title.historyPageTitle", { community: thread.community.name })} community={thread.community}>
      {crumbs(thread)}
      <h1>{t.text("title.historyHeading")}</h1>
      <p>{t.text("title.historyLead")}</p>
      <h2>{t.text("discussion.now")}</h2>
      <p class="lead">{thread.title}</p>
      <h2>{t.text("discussion.before")}</h2>
      {revisions.length === 0 ? (
        <p>{t.text("title.notChanged")}</p>
      ) : (
        <ol class="revisions">
          {revisions.map((r) => (
            <li class="revision">
              <p class="revision-time">
                <When iso={r.replacedAt} prefix={t.text("discussion.replacedOn")} />
              </p>
              <p class="revision-body">{r.title}</p>
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={`/t/${thread.id}`}>{t.text("discussion.backToThread")}</a>
      </p>
    </Layout>
  );
}
