/** Pages about one post: editing it, confirming its deletion, and its earlier versions. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { PublicWarning } from "../communities/communities.components.tsx";
import { AudienceLine, CsrfField, Field, When } from "../web/components.tsx";
import { labelsOf } from "../web/schema-form.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { CAN_NOTHING, type PostView } from "./discussion.presenter.ts";
import type { RevisionView, ThreadView } from "./discussion.service.ts";
import { Breadcrumb, fieldError, EDIT_FORM, MARKDOWN_HINT, type FormProblem } from "./discussion.components.tsx";
import { PostArticle, threadCrumbs } from "./thread.page.tsx";

/** The post and the thread it belongs to (for the way back and the audience line). */
export type PostContext = { post: PostView; thread: ThreadView };

export const postLink = (threadId: string, postId: string) => `/t/${threadId}#post-${postId}`;

const crumbs = ({ thread }: PostContext) => <Breadcrumb items={[...threadCrumbs(thread), { href: `/t/${thread.id}`, label: thread.title }]} />;

export function EditPostPage(props: { ctx: PageContext; data: PostContext; body: string; problem?: FormProblem }) {
  const { ctx, data, problem } = props;
  return (
    <Layout ctx={ctx} title={formTitle("Edit your post", problem)}>
      <FormErrorSummary problem={problem} labels={labelsOf(EDIT_FORM)} />
      {crumbs(data)}
      <h1>Edit your post</h1>
      <p>
        In <a href={postLink(data.thread.id, data.post.id)}>{data.thread.title}</a>. The earlier version is kept; only you and the community's
        moderators can see it.
      </p>
      <form method="post" action={`/p/${data.post.id}/edit`} class="composer" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="body" label="Your message" hint={MARKDOWN_HINT} multiline rows={10} value={props.body} error={fieldError(problem, "body")} required />
        <PublicWarning show={data.thread.space.readableByAnyone} />
        <AudienceLine audience={data.thread.space.audience} />
        <p class="actions">
          <button type="submit">Save changes</button>
          <a href={postLink(data.thread.id, data.post.id)}>Cancel and keep it as it was</a>
        </p>
      </form>
    </Layout>
  );
}

export function DeletePostPage({ ctx, data }: { ctx: PageContext; data: PostContext }) {
  const back = postLink(data.thread.id, data.post.id);
  return (
    <Layout ctx={ctx} title="Delete this post?">
      {crumbs(data)}
      <h1>Delete this post?</h1>
      {data.post.deleted ? (
        <>
          <p>This post has already been deleted.</p>
          <p>
            <a href={back}>Back to the thread</a>
          </p>
        </>
      ) : (
        <>
          <p>
            Deleting removes its words, its earlier versions and its reactions. Its place in the thread stays, marked as deleted. If it opens
            the thread, the thread's title and its author's name go with it. If it is the only post left in the thread, the whole thread is removed. This
            cannot be undone.
          </p>
          <PostArticle post={{ ...data.post, mine: false, can: CAN_NOTHING }} />
          <form method="post" action={`/p/${data.post.id}/delete`} class="actions">
            <CsrfField token={ctx.csrfToken} />
            <button type="submit" class="danger">
              Delete this post
            </button>
            <a href={back}>No, keep it</a>
          </form>
        </>
      )}
    </Layout>
  );
}

export function HistoryPage({ ctx, data, revisions }: { ctx: PageContext; data: PostContext; revisions: RevisionView[] }) {
  return (
    <Layout ctx={ctx} title="Earlier versions of this post">
      {crumbs(data)}
      <h1>Earlier versions of this post</h1>
      <p>
        Only the author and the community's moderators can see this page. Earlier versions are shown as they were typed, newest first. Deleting the
        post deletes them too.
      </p>
      <h2>Now</h2>
      <PostArticle post={{ ...data.post, mine: false, can: CAN_NOTHING }} />
      <h2>Before</h2>
      {revisions.length === 0 ? (
        <p>This post has not been edited.</p>
      ) : (
        <ol class="revisions">
          {revisions.map((r) => (
            <li class="revision">
              <p class="revision-time">
                <When iso={r.replacedAt} prefix="Replaced on" />
              </p>
              <pre class="revision-body">{r.body}</pre>
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={postLink(data.thread.id, data.post.id)}>Back to the post</a>
      </p>
    </Layout>
  );
}
