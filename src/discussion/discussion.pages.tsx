/**
 * Pages for spaces, threads and posts. Each handler parses the form or query, calls
 * the discussion service as request.viewer and renders; a form the service turns
 * down is shown again with the problem and everything typed.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import type { Services } from "../composition.ts";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import type { Viewer } from "../shared/viewer.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { editForm, queryText, replyForm, submit, threadForm, THREAD_PAGE_SIZE, titleForm } from "./discussion.components.tsx";
import { readSchemaForm } from "../web/schema-form.ts";
import { sentValues } from "../web/form-body.ts";
import { PostEditBody, ReplyBody, ThreadBody, ThreadTitleBody, ThreadWarningsBody } from "./discussion.schemas.ts";
import { DeletePostPage, EditPostPage, HistoryPage, postLink, type PostContext } from "./post.pages.tsx";
import { SpacePage, ThreadComposerPage, type ThreadDraft } from "./space.page.tsx";
import { ReplyPage, ThreadPage, type ReplyDraft } from "./thread.page.tsx";
import type { NewReply } from "./discussion.service.ts";
import { EditTitlePage, TitleHistoryPage } from "./thread-title.page.tsx";
import { spacePath } from "./space.page.tsx";
import { withLanguage } from "../shared/content-languages.ts";

type SpaceRoute = { Params: { slug: string; space: string } };
type IdRoute = { Params: { id: string } };

const hide = { schema: { hide: true } };

/** Where a reply lands: the thread page the service says shows it (pages of THREAD_PAGE_SIZE from the start). */
function replyLocation(threadId: string, reply: NewReply): string {
  // Words that read like someone in crisis: the page they land on leads with the community's help (ADR 39).
  const support = reply.crisisSupport ? "support=1" : "";
  if (!reply.pageCursor) return support ? `/t/${threadId}?${support}#post-${reply.id}` : postLink(threadId, reply.id);
  return `/t/${threadId}?cursor=${encodeURIComponent(reply.pageCursor)}${support ? `&${support}` : ""}#post-${reply.id}`;
}

async function loadPost(services: Services, viewer: Viewer, postId: string): Promise<PostContext> {
  const { post, threadId } = await services.discussion.getPost(viewer, postId);
  const thread = await services.discussion.getThread(viewer, threadId, undefined, 1);
  return { post, thread };
}

function checkEditable({ post }: PostContext) {
  if (post.deleted) throw new AppError("post_deleted", 409, msg("post.deletedCannotEdit"));
  if (!post.can.edit) throw new AppError("forbidden", 403, msg("post.onlyYouEdit"));
}

export async function discussionPages(app: FastifyInstance, { services }: RouteContext) {
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  app.get<SpaceRoute>("/c/:slug/s/:space", hide, async (request, reply) => {
    const cursor = queryText(request.query, "cursor") || undefined;
    const data = await services.discussion.listThreads(request.viewer, request.params.slug, request.params.space, cursor);
    const follow = await services.follows.spaceState(request.viewer, request.params.slug, request.params.space);
    return sendPage(reply, <SpacePage ctx={await ctxOf(request)} data={data} cursor={cursor} follow={follow} />);
  });

  app.post<SpaceRoute>("/c/:slug/s/:space/threads", hide, async (request, reply) => {
    const { slug, space } = request.params;
    // The ticked content warnings go in the body as they are; the schema and the service check them (ADR 39).
    const contentWarnings = sentValues(request.body, "contentWarnings");
    const form = readSchemaForm(request.body, ThreadBody, threadForm(request.i18n), contentWarnings.length ? { contentWarnings } : {}, request.i18n);
    const draft: ThreadDraft = { ...form.values, personaId: form.values.personaId || undefined, language: form.values.language || undefined, contentWarnings };
    const result = await submit(form, request.i18n.text("space.threadUnsaved"), () =>
      services.discussion.createThread(request.viewer, slug, space, withLanguage(form.input ?? draft, request.i18n.locale)),
      request.i18n,
    );
    if (result.ok) return redirectAfterPost(reply, `/t/${result.value.id}${result.value.crisisSupport ? "?support=1" : ""}`);
    const data = await services.discussion.listThreads(request.viewer, slug, space, undefined, 1);
    return sendPage(reply, <ThreadComposerPage ctx={await ctxOf(request)} data={data} draft={draft} problem={result.problem} />, result.status);
  });

  app.get<IdRoute>("/t/:id", hide, async (request, reply) => {
    const cursor = queryText(request.query, "cursor") || undefined;
    const thread = await services.discussion.getThread(request.viewer, request.params.id, cursor, THREAD_PAGE_SIZE);
    // Reading is the ladder's first step (src/participation): marked once, for the reader alone.
    await services.participation.noteRead(request.viewer);
    const follow = await services.follows.threadState(request.viewer, thread.id, thread.posts.items.map((p) => p.id));
    // The thread's poll (src/polls) shows under the opening post, on the first page only.
    const poll = cursor ? undefined : await services.polls.pollOfThread(request.viewer, thread.id);
    // The glossary's terms are marked in the words (src/glossary); after words that read like a crisis, the help first.
    const glossary = { slug: thread.community.slug, terms: await services.glossary.termsForThread(request.viewer, thread.community.slug) };
    const support = queryText(request.query, "support") === "1" ? await services.communities.crisisHelp(request.viewer, thread.community.slug) : undefined;
    // On the community's welcome thread, a member may welcome each newcomer with one tap (src/participation, ADR 41).
    const welcomes = await services.participation.welcomeOffers(request.viewer, thread.community.slug, thread.id, thread.posts.items);
    // A question (src/questions): its topics, state and the asker's and the asked's actions.
    const question = await services.questions.ofThread(request.viewer, thread.id);
    return sendPage(reply, <ThreadPage ctx={await ctxOf(request)} thread={thread} cursor={cursor} follow={follow} poll={poll} glossary={glossary} support={support} welcomes={welcomes} question={question} />);
  });

  app.post<IdRoute>("/t/:id/content-warnings", hide, async (request, reply) => {
    const threadId = request.params.id;
    const contentWarnings = sentValues(request.body, "contentWarnings");
    const form = readSchemaForm(request.body, ThreadWarningsBody, {}, { contentWarnings }, request.i18n);
    const result = await submit(form, request.i18n.text("warnings.unsaved"), () => services.discussion.setContentWarnings(request.viewer, threadId, form.input?.contentWarnings ?? contentWarnings), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/t/${threadId}`);
    throw new AppError("invalid", result.status, result.problem.fields?.contentWarnings ?? result.problem.message ?? request.i18n.text("warnings.unsaved"));
  });

  app.post<IdRoute>("/t/:id/replies", hide, async (request, reply) => {
    const threadId = request.params.id;
    const form = readSchemaForm(request.body, ReplyBody, replyForm(request.i18n), {}, request.i18n);
    const draft: ReplyDraft = { body: form.values.body, personaId: form.values.personaId || undefined, language: form.values.language || undefined };
    const result = await submit(form, request.i18n.text("thread.replyUnsaved"), () =>
      services.discussion.reply(request.viewer, threadId, withLanguage(form.input ?? draft, request.i18n.locale)),
      request.i18n,
    );
    if (result.ok) return redirectAfterPost(reply, replyLocation(threadId, result.value));
    const thread = await services.discussion.getThread(request.viewer, threadId, undefined, 1);
    return sendPage(reply, <ReplyPage ctx={await ctxOf(request)} thread={thread} draft={draft} problem={result.problem} />, result.status);
  });

  app.get<IdRoute>("/p/:id/edit", hide, async (request, reply) => {
    const data = await loadPost(services, request.viewer, request.params.id);
    checkEditable(data);
    return sendPage(reply, <EditPostPage ctx={await ctxOf(request)} data={data} body={data.post.body} />);
  });

  app.post<IdRoute>("/p/:id/edit", hide, async (request, reply) => {
    const postId = request.params.id;
    const form = readSchemaForm(request.body, PostEditBody, editForm(request.i18n), {}, request.i18n);
    const result = await submit(form, request.i18n.text("post.editUnsaved"), async () => {
      await services.discussion.editPost(request.viewer, postId, form.input ?? { body: form.values.body, ...(form.values.language ? { language: form.values.language } : {}) });
      return services.discussion.getPost(request.viewer, postId);
    }, request.i18n);
    if (result.ok) return redirectAfterPost(reply, postLink(result.value.threadId, postId));
    const data = await loadPost(services, request.viewer, postId);
    return sendPage(reply, <EditPostPage ctx={await ctxOf(request)} data={data} body={form.values.body} language={form.values.language || null} problem={result.problem} />, result.status);
  });

  app.get<IdRoute>("/p/:id/delete", hide, async (request, reply) => {
    const data = await loadPost(services, request.viewer, request.params.id);
    if (!data.post.deleted && !data.post.can.delete) throw new AppError("forbidden", 403, msg("post.onlyAuthorDeletes"));
    return sendPage(reply, <DeletePostPage ctx={await ctxOf(request)} data={data} />);
  });

  // Turned down only when the person may not delete it; the error page says so, as a form could not help.
  app.post<IdRoute>("/p/:id/delete", hide, async (request, reply) => {
    const deleted = await services.discussion.deletePost(request.viewer, request.params.id);
    // The only post took its thread with it: back to the space it was in.
    if (deleted.threadDeleted) return redirectAfterPost(reply, spacePath(deleted.communitySlug, deleted.spaceSlug));
    return redirectAfterPost(reply, postLink(deleted.threadId, request.params.id));
  });

  app.get<IdRoute>("/t/:id/title", hide, async (request, reply) => {
    const thread = await services.discussion.getThread(request.viewer, request.params.id, undefined, 1);
    if (!thread.can.edit) throw new AppError("forbidden", 403, msg("title.onlyStarterChanges"));
    return sendPage(reply, <EditTitlePage ctx={await ctxOf(request)} thread={thread} title={thread.title} />);
  });

  app.post<IdRoute>("/t/:id/title", hide, async (request, reply) => {
    const threadId = request.params.id;
    const form = readSchemaForm(request.body, ThreadTitleBody, titleForm(request.i18n), {}, request.i18n);
    const result = await submit(form, request.i18n.text("title.unsaved"), () =>
      services.discussion.editThreadTitle(request.viewer, threadId, form.input ?? { title: form.values.title }),
      request.i18n,
    );
    if (result.ok) return redirectAfterPost(reply, `/t/${threadId}`);
    const thread = await services.discussion.getThread(request.viewer, threadId, undefined, 1);
    return sendPage(reply, <EditTitlePage ctx={await ctxOf(request)} thread={thread} title={form.values.title} problem={result.problem} />, result.status);
  });

  app.get<IdRoute>("/t/:id/history", hide, async (request, reply) => {
    const { items } = await services.discussion.titleRevisions(request.viewer, request.params.id);
    const thread = await services.discussion.getThread(request.viewer, request.params.id, undefined, 1);
    return sendPage(reply, <TitleHistoryPage ctx={await ctxOf(request)} thread={thread} revisions={items} />);
  });

  app.get<IdRoute>("/p/:id/history", hide, async (request, reply) => {
    const { items } = await services.discussion.revisions(request.viewer, request.params.id);
    const data = await loadPost(services, request.viewer, request.params.id);
    return sendPage(reply, <HistoryPage ctx={await ctxOf(request)} data={data} revisions={items} />);
  });
}
