/** A thread: its posts in order, each with the author's capacity badge, and the reply box at the end. */
// Following and bookmarks (src/follows): the thread's two buttons.
import { BookmarkButton, FollowButton, PostBookmarkButton } from "../follows/follows.components.tsx";
import type { FollowState } from "../follows/follows.service.ts";
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { PublicWarning } from "../communities/communities.components.tsx";
import { AudienceLine, CsrfField, Field, PersonaBadge, When } from "../web/components.tsx";
import { labelsOf } from "../web/schema-form.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { isSignedIn } from "../shared/viewer.ts";
import { REACTION_KINDS, type PostView, type ThreadView } from "./discussion.presenter.ts";
import { Breadcrumb, fieldError, markdownHint, CarerPrompt, PersonaPicker, replyForm, SignInPrompt, type FormProblem } from "./discussion.components.tsx";
import { useT } from "../web/i18n.ts";
import { spacePath } from "./space.page.tsx";
// Moderation (src/moderation): what readers see of hidden words, the moderators' Hide forms, and Report links.
import { HiddenNotice, ModerateControls, ReportLinks } from "../moderation/moderation.components.tsx";
import { ReactionButtons } from "../reactions/reactions.components.tsx";
import { PollSection } from "../polls/polls.components.tsx";
import { AnswerMark, QuestionSection } from "../questions/questions.components.tsx";
import type { QuestionView } from "../questions/questions.service.ts";
// One-tap welcomes in the welcome thread (src/participation, ADR 41).
import { WelcomeButton } from "../participation/participation.components.tsx";
import type { WelcomeOffers } from "../participation/participation.service.ts";
import type { ThreadPoll } from "../polls/polls.service.ts";
import { LanguagePicker } from "./language-picker.tsx";
// Condition-aware content (ADR 39): glossary terms marked in posts, crisis support.
import type { GlossaryTermView } from "../glossary/glossary.service.ts";
import type { CrisisHelpView } from "../communities/communities.service.ts";
import { CrisisResources, HelpIsHere } from "../communities/help.components.tsx";
import { markGlossaryTerms } from "../shared/glossary-marks.ts";
import { ContentWarningChoices, WarningLabel } from "./content-warnings.components.tsx";

export type ReplyDraft = { body: string; personaId?: string; language?: string };

export const threadCrumbs = (thread: Pick<ThreadView, "community" | "space">) => [
  { href: `/c/${encodeURIComponent(thread.community.slug)}`, label: thread.community.name },
  { href: spacePath(thread.community.slug, thread.space.slug), label: thread.space.name },
];

function Reactions({ post }: { post: PostView }) {
  const t = useT();
  const given = REACTION_KINDS.filter((kind) => post.reactions[kind] > 0);
  if (given.length === 0) return null;
  return (
    <ul class="reactions" aria-label={t.text("reactions.label")}>
      {given.map((kind) => (
        <li class={post.myReactions.includes(kind) ? "reaction reaction-mine" : "reaction"}>
          {t.text("reactions.counted", { word: t.text(`reactions.${kind}`), count: post.reactions[kind] })}
        </li>
      ))}
    </ul>
  );
}

/** Edit for the author; delete for the author and moderators; history of an edited post for both (the presenter's `can`). */
function PostActions({ post }: { post: PostView }) {
  const t = useT();
  if (post.deleted) return null;
  const links = [
    post.can.edit ? { href: `/p/${post.id}/edit`, label: t.text("thread.edit") } : null,
    post.can.delete ? { href: `/p/${post.id}/delete`, label: t.text("thread.delete") } : null,
    post.editedAt && (post.can.edit || post.can.moderate) ? { href: `/p/${post.id}/history`, label: t.text("thread.history") } : null,
  ].filter((l): l is { href: string; label: string } => l !== null);
  if (links.length === 0) return null;
  return (
    <ul class="post-actions">
      {links.map((l) => (
        <li>
          <a href={l.href}>{l.label}</a>
        </li>
      ))}
    </ul>
  );
}

/** Where a post's glossary terms link to, and the id of each one's definition under the post. */
export type GlossaryMarks = { slug: string; terms: GlossaryTermView[] };

/** A post's words: a note where it was deleted, and what readers see of a hidden one. */
function PostBody({ post, glossary }: { post: PostView; glossary?: GlossaryMarks | undefined }) {
  const t = useT();
  if (post.notCarried) return <p class="post-deleted">{t.text("thread.postNotCarried")}</p>;
  if (post.deleted) return <p class="post-deleted">{t.text("thread.postDeleted")}</p>;
  // A hidden post reaches readers other than its author and the moderators without its words (discussion.presenter.ts).
  if (post.masked) return <HiddenNotice masked what="post" />;
  // The first use of each glossary term links to its entry, described by its definition listed under the post (ADR 39).
  const noteId = (term: { id: string }) => `gloss-${post.id}-${term.id}`;
  const marked = glossary
    ? markGlossaryTerms(post.html, glossary.terms, (term) => `/c/${encodeURIComponent(glossary.slug)}/glossary#term-${term.id}`, noteId)
    : { html: post.html, used: [] };
  return (
    <>
      {post.hidden ? <HiddenNotice masked={false} what="post" reason={post.hiddenReason} /> : null}
      {/* post.html is Markdown rendered with raw HTML escaped and links limited to safe schemes (markdown.ts). */}
      {/* Its own language, for screen readers' voices and hyphenation, and its own direction. */}
      <div class="post-body" lang={post.language ?? undefined} dir="auto" dangerouslySetInnerHTML={{ __html: marked.html }} />
      {marked.used.length > 0 ? (
        <aside class="glossary-notes" aria-label={t.text("glossary.inThisPost")}>
          <dl>
            {marked.used.map((term) => (
              <div>
                <dt>{term.term}</dt>
                <dd id={noteId(term)}>{term.definition}</dd>
              </div>
            ))}
          </dl>
        </aside>
      ) : null}
    </>
  );
}

/**
 * The opening post's words folded behind its content warnings (ADR 39): a <details>
 * the reader opens, with no JavaScript; the title and the warnings stay visible.
 */
function Folded({ warnings, children }: { warnings: string[]; children: preact.ComponentChildren }) {
  const t = useT();
  if (warnings.length === 0) return <>{children}</>;
  return (
    <details class="content-warning">
      <summary>
        <WarningLabel warnings={warnings} /> <span class="content-warning-show">{t.text("warnings.show")}</span>
      </summary>
      {children}
    </details>
  );
}

/**
 * One post. `moderation` (the thread page passes it) adds a moderator's Hide form where
 * `post.can.moderate`; `reacting` turns the reaction counts into buttons where `post.can.react`.
 */
export function PostArticle({
  post,
  moderation,
  reacting,
  reporting,
  opening,
  bookmarking,
  glossary,
  warnings,
  welcoming,
}: {
  post: PostView;
  /** On the welcome thread, for a member: a Welcome button under each newcomer's hello. */
  welcoming?: { slug: string; offers: WelcomeOffers; csrfToken: string; back: string } | undefined;
  /** The community's glossary, to mark its terms in the words. */
  glossary?: GlossaryMarks | undefined;
  /** The thread's content warnings, for the opening post: its words are folded behind them. */
  warnings?: string[] | undefined;
  /** The thread page passes it to a signed-in reader: a private bookmark button on each post, and which are on. */
  bookmarking?: { csrfToken: string; back: string; bookmarked: string[] };
  moderation?: { csrfToken: string; back: string };
  reacting?: { csrfToken: string; back: string };
  /** The thread page passes it: a Report link on every post that is not deleted. */
  reporting?: { back: string };
  /** Whether this post started the thread (a moderator hiding it is offered to hide the thread too). */
  opening?: boolean;
}) {
  const t = useT();
  return (
    <article class="post" id={`post-${post.id}`}>
      <header>
        {post.author ? <PersonaBadge persona={post.author} linked /> : <span class="author-name">{t.text("thread.deletedPost")}</span>}
        <span class="post-time">
          <When iso={post.createdAt} />
          {post.editedAt && !post.deleted ? <span class="edited"> {t.text("thread.edited")}</span> : null}
        </span>
      </header>
      {warnings && warnings.length > 0 && !post.deleted && !post.masked ? (
        <Folded warnings={warnings}>
          <PostBody post={post} glossary={glossary} />
        </Folded>
      ) : (
        <PostBody post={post} glossary={glossary} />
      )}
      <footer class="post-footer">
        {reacting && post.can.react ? <ReactionButtons post={post} csrfToken={reacting.csrfToken} back={reacting.back} /> : <Reactions post={post} />}
        <PostActions post={post} />
        {welcoming?.offers[post.id] ? (
          <WelcomeButton slug={welcoming.slug} offer={welcoming.offers[post.id]!} csrfToken={welcoming.csrfToken} back={`${welcoming.back}#post-${post.id}`} />
        ) : null}
        {bookmarking && !post.deleted && post.author ? (
          <PostBookmarkButton postId={post.id} author={post.author.displayName} bookmarked={bookmarking.bookmarked.includes(post.id)} csrfToken={bookmarking.csrfToken} back={`${bookmarking.back}#post-${post.id}`} />
        ) : null}
        {reporting && !post.deleted ? (
          <ReportLinks target={{ type: "post", id: post.id }} back={`${reporting.back}#post-${post.id}`} label={post.author ? t.text("thread.reportPostBy", { name: post.author.displayName }) : t.text("thread.reportPost")} />
        ) : null}
        {moderation && post.can.moderate ? (
          <ModerateControls
            csrfToken={moderation.csrfToken}
            target={{ type: "post", id: post.id }}
            hidden={post.hidden}
            back={`${moderation.back}#post-${post.id}`}
            opening={opening === true && !post.hidden}
          />
        ) : null}
      </footer>
    </article>
  );
}

/** The reply box: who will read it first, then the words, then the button. */
export function ReplyForm(props: { ctx: PageContext; thread: ThreadView; draft?: ReplyDraft; problem?: FormProblem }) {
  const { ctx, thread, draft, problem } = props;
  const { t } = ctx;
  return (
    <form method="post" action={`/t/${thread.id}/replies`} class="composer" novalidate>
      <CsrfField token={ctx.csrfToken} />
      <Field name="body" label={t.text("discussion.yourReply")} hint={markdownHint(t)} multiline rows={6} value={draft?.body} error={fieldError(problem, "body")} required />
      <PersonaPicker viewer={ctx.viewer} selected={draft?.personaId} error={fieldError(problem, "personaId")} spaceVisibility={thread.space.visibility} />
      <CarerPrompt viewer={ctx.viewer} />
      <LanguagePicker selected={draft?.language} error={fieldError(problem, "language")} />
      <HelpIsHere slug={thread.community.slug} />
      {/* Who will read it, right above the button: the last thing read before sending. */}
      <PublicWarning show={thread.space.readableByAnyone} />
      <AudienceLine community={thread.community.name} space={thread.space} />
      <button type="submit">{t.text("thread.postReply")}</button>
    </form>
  );
}

/** Changing the title, and its earlier titles, where the presenter's `can.edit` (or `can.moderate`) says so. */
function TitleActions({ thread }: { thread: ThreadView }) {
  const t = useT();
  const links = [
    thread.can.edit ? { href: `/t/${thread.id}/title`, label: t.text("title.changeTitle") } : null,
    thread.titleEdited && (thread.can.edit || thread.can.moderate) ? { href: `/t/${thread.id}/history`, label: t.text("title.earlierTitles") } : null,
  ].filter((l): l is { href: string; label: string } => l !== null);
  if (links.length === 0) return null;
  return (
    <ul class="post-actions thread-actions">
      {links.map((l) => (
        <li>
          <a href={l.href}>{l.label}</a>
        </li>
      ))}
    </ul>
  );
}

function CannotReply({ ctx, thread }: { ctx: PageContext; thread: ThreadView }) {
  const { t } = ctx;
  const named = { community: thread.community.name };
  if (thread.hidden) return <p class="notice">{t.text("thread.hiddenNoReplies")}</p>;
  if (!isSignedIn(ctx.viewer)) return <SignInPrompt path={ctx.path} doing="reply" />;
  return (
    <div class="join-prompt">
      <p>{t.text("thread.membersOnly", named)}</p>
      <p>
        <a href={`/c/${encodeURIComponent(thread.community.slug)}`}>{t.text("thread.howToJoin", named)}</a>
      </p>
    </div>
  );
}

type ThreadFollowState = FollowState & { bookmarked: boolean; bookmarkedPosts: string[] };

/** After posting words that read like someone in crisis: the community's crisis support, first on the page (ADR 39). */
function CrisisNotice({ help }: { help: CrisisHelpView }) {
  const t = useT();
  return (
    <section class="crisis-support notice" aria-labelledby="crisis-support-title">
      <h2 id="crisis-support-title">{t.text("help.afterPostHeading")}</h2>
      <p>{t.text("help.afterPostLead")}</p>
      <CrisisResources help={help} />
      <p>
        <a href={`/c/${encodeURIComponent(help.community.slug)}/help`}>{t.text("help.allHelp")}</a>
      </p>
    </section>
  );
}

/** The thread's warnings, for its author and the moderators: tick the community's, then save. */
function WarningsForm({ ctx, thread }: { ctx: PageContext; thread: ThreadView }) {
  const { t } = ctx;
  if (!thread.can.edit || thread.masked) return null;
  return (
    <details class="moderate warnings-edit">
      <summary>{t.text("warnings.change")}</summary>
      <form method="post" action={`/t/${thread.id}/content-warnings`} class="inline-form">
        <CsrfField token={ctx.csrfToken} />
        <ContentWarningChoices available={thread.availableWarnings} chosen={thread.contentWarnings} />
        <button type="submit" class="secondary">
          {t.text("warnings.save")}
        </button>
      </form>
    </details>
  );
}

export function ThreadPage({
  ctx,
  thread,
  cursor,
  follow,
  poll,
  glossary,
  support,
  welcomes,
  question,
}: {
  ctx: PageContext;
  thread: ThreadView;
  /** Where the thread is a question (src/questions): its panel under the opening post, the accepted mark under answers. */
  question?: QuestionView | null | undefined;
  cursor?: string;
  follow?: ThreadFollowState;
  poll?: ThreadPoll;
  /** Where this is the community's welcome thread: the newcomers' hellos the viewer may welcome. */
  welcomes?: WelcomeOffers | null | undefined;
  glossary?: GlossaryMarks | undefined;
  /** The author just wrote words that read like someone in crisis. */
  support?: CrisisHelpView | undefined;
}) {
  const { posts } = thread;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={`${thread.title} · ${thread.community.name}`} community={thread.community}>
      {support ? <CrisisNotice help={support} /> : null}
      <Breadcrumb items={threadCrumbs(thread)} />
      {/* The title in its own language, but for the words Hearth puts in place of a withheld one. */}
      <h1 dir="auto" lang={thread.masked || thread.openingDeleted ? undefined : (thread.language ?? undefined)}>
        {thread.title}
      </h1>
      {thread.contentWarnings.length > 0 ? (
        <p class="content-warning-line">
          <WarningLabel warnings={thread.contentWarnings} />
        </p>
      ) : null}
      <TitleActions thread={thread} />
      <WarningsForm ctx={ctx} thread={thread} />
      {follow?.can.follow ? (
        <div class="follow-actions">
          <FollowButton what="thread" action={`/t/${thread.id}/follow`} following={follow.following} csrfToken={ctx.csrfToken} back={ctx.path} />
          <BookmarkButton action={`/t/${thread.id}/bookmark`} bookmarked={follow.bookmarked} csrfToken={ctx.csrfToken} back={ctx.path} />
        </div>
      ) : null}
      {thread.hidden ? <HiddenNotice masked={thread.masked && !thread.can.moderate} what="thread" /> : null}
      {thread.masked ? null : <ReportLinks target={{ type: "thread", id: thread.id }} back={ctx.path} label={t.text("thread.reportThread")} />}
      {thread.can.moderate ? <ModerateControls csrfToken={ctx.csrfToken} target={{ type: "thread", id: thread.id }} hidden={thread.hidden} back={ctx.path} /> : null}
      <AudienceLine community={thread.community.name} space={thread.space} />
      {cursor ? (
        <p>
          <a href={`/t/${thread.id}`}>{t.text("thread.backToStart")}</a>
        </p>
      ) : null}
      <div class="thread-posts">
        {posts.items.map((post, i) => (
          <PostArticle
            post={post}
            moderation={{ csrfToken: ctx.csrfToken, back: ctx.path }}
            reacting={{ csrfToken: ctx.csrfToken, back: ctx.path }}
            reporting={{ back: ctx.path }}
            bookmarking={follow?.can.follow ? { csrfToken: ctx.csrfToken, back: ctx.path, bookmarked: follow.bookmarkedPosts } : undefined}
            opening={!cursor && i === 0}
            glossary={glossary}
            warnings={!cursor && i === 0 ? thread.contentWarnings : undefined}
            welcoming={welcomes ? { slug: thread.community.slug, offers: welcomes, csrfToken: ctx.csrfToken, back: ctx.path } : undefined}
          />
        )).flatMap((article, i) => {
          const opening = i === 0 && !cursor;
          const post = posts.items[i]!;
          return [
            article,
            ...(opening && poll ? [<PollSection ctx={ctx} threadPoll={poll} threadId={thread.id} />] : []),
            ...(opening && question ? [<QuestionSection ctx={ctx} question={question} />] : []),
            ...(!opening && question && !post.deleted ? [<AnswerMark ctx={ctx} question={question} postId={post.id} mine={post.mine} />] : []),
          ];
        })}
      </div>
      {posts.nextCursor ? (
        <nav class="pagination" aria-label={t.text("thread.moreReplies")}>
          <a href={`/t/${thread.id}?cursor=${encodeURIComponent(posts.nextCursor)}`}>{t.text("thread.laterReplies")}</a>
        </nav>
      ) : null}
      <section id="reply" aria-labelledby="reply-title" class="reply-section">
        <h2 id="reply-title">{t.text("thread.replyHeading")}</h2>
        <ReplyArea ctx={ctx} thread={thread} closedQuestion={question?.status === "closed"} />
      </section>
    </Layout>
  );
}

/** The reply form, or why there is none: a closed question takes no more answers. */
function ReplyArea({ ctx, thread, closedQuestion }: { ctx: PageContext; thread: ThreadView; closedQuestion: boolean }) {
  if (closedQuestion) return <p>{ctx.t.text("questions.closedNoAnswers")}</p>;
  return thread.can.reply ? <ReplyForm ctx={ctx} thread={thread} /> : <CannotReply ctx={ctx} thread={thread} />;
}

/** Shown when a reply did not go through: the problem first, then the reply as it was typed. */
export function ReplyPage(props: { ctx: PageContext; thread: ThreadView; draft: ReplyDraft; problem: FormProblem }) {
  const { ctx, thread } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("thread.replyToTitle", { title: thread.title, community: thread.community.name }), props.problem)} community={thread.community}>
      <FormErrorSummary problem={props.problem} labels={labelsOf(replyForm(t))} />
      <Breadcrumb items={[...threadCrumbs(thread), { href: `/t/${thread.id}`, label: thread.title }]} />
      <h1>{t.text("thread.replyToHeading", { title: thread.title })}</h1>
      <ReplyForm {...props} />
      {isSignedIn(ctx.viewer) ? null : <SignInPrompt path={`/t/${thread.id}`} doing="reply" />}
    </Layout>
  );
}
