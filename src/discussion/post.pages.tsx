/** Pages about one post: editing it, confirming its deletion, and its earlier versions. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { PublicWarning } from "../communities/communities.components.tsx";
import { AudienceLine, CsrfField, Field, When } from "../web/components.tsx";
import { labelsOf } from "../web/schema-form.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { CAN_NOTHING, type PostView } from "./discussion.presenter.ts";
import type { RevisionView, ThreadView } from "./discussion.service.ts";
import { Breadcrumb, fieldError, editForm, markdownHint, type FormProblem } from "./discussion.components.tsx";
import { PostArticle, threadCrumbs } from "./thread.page.tsx";
import { LanguagePicker } from "./language-picker.tsx";

/** The post and the thread it belongs to (for the way back and the audience line). */
export type PostContext = { post: PostView; thread: ThreadView };

export const postLink = (threadId: string, postId: string) => `/t/${threadId}#post-${postId}`;

const crumbs = ({ thread }: PostContext) => <Breadcrumb items={[...threadCrumbs(thread), { href: `/t/${thread.id}`, label: thread.title }]} />;

export function EditPostPage(props: { ctx: PageContext; data: PostContext; body: string; language?: string | null; problem?: FormProblem }) {
  const { ctx, data, problem } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("post.editTitle"), problem)} community={data.thread.community}>
      <FormErrorSummary problem={problem} labels={labelsOf(editForm(t))} />
      {crumbs(data)}
      <h1>{t.text("post.editTitle")}</h1>
      <p>
        {t.text("post.editIn")} <a href={postLink(data.thread.id, data.post.id)}>{data.thread.title}</a>
        {t.text("post.editInEnd")}
      </p>
      <form method="post" action={`/p/${data.post.id}/edit`} class="composer" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="body" label={t.text("discussion.yourMessage")} hint={markdownHint(t)} multiline rows={10} value={props.body} error={fieldError(problem, "body")} required />
        <LanguagePicker selected={props.language ?? data.post.language} error={fieldError(problem, "language")} />
        <PublicWarning show={data.thread.space.readableByAnyone} />
        <AudienceLine community={data.thread.community.name} space={data.thread.space} />
        <p class="actions">
          <button type="submit">{t.text("post.saveChanges")}</button>
          <a href={postLink(data.thread.id, data.post.id)}>{t.text("discussion.cancelKeep")}</a>
        </p>
      </form>
    </Layout>
  );
}

export function DeletePostPage({ ctx, data }: { ctx: PageContext; data: PostContext }) {
  const { t } = ctx;
  const back = postLink(data.thread.id, data.post.id);
  return (
    <Layout ctx={ctx} title={t.text("post.deleteTitle")} community={data.thread.community}>
      {crumbs(data)}
      <h1>{t.text("post.deleteTitle")}</h1>
      {data.post.deleted ? (
        <>
          <p>{t.text("post.alreadyDeleted")}</p>
          <p>
            <a href={back}>{t.text("discussion.backToThread")}</a>
          </p>
        </>
      ) : (
        <>
          <p>{t.text("post.deleteExplain")}</p>
          <PostArticle post={{ ...data.post, mine: false, can: CAN_NOTHING }} />
          <form method="post" action={`/p/${data.post.id}/delete`} class="actions">
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="danger">
              {t.text("post.deleteButton")}
            </button>
            <a href={back}>{t.text("post.keepIt")}</a>
          </form>
        </>
      )}
    </Layout>
  );
}

export function HistoryPage({ ctx, data, revisions }: { ctx: PageContext; data: PostContext; revisions: RevisionView[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("post.historyTitle")} community={data.thread.community}>
      {crumbs(data)}
      <h1>{t.text("post.historyTitle")}</h1>
      <p>{t.text("post.historyLead")}</p>
      <h2>{t.text("discussion.now")}</h2>
      <PostArticle post={{ ...data.post, mine: false, can: CAN_NOTHING }} />
      <h2>{t.text("discussion.before")}</h2>
      {revisions.length === 0 ? (
        <p>{t.text("post.notEdited")}</p>
      ) : (
        <ol class="revisions">
          {revisions.map((r) => (
            <li class="revision">
              <p class="revision-time">
                <When iso={r.replacedAt} prefix={t.text("discussion.replacedOn")} />
              </p>
              <pre class="revision-body">{r.body}</pre>
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={postLink(data.thread.id, data.post.id)}>{t.text("post.backToPost")}</a>
      </p>
    </Layout>
  );
}
