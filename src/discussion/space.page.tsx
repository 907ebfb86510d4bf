/** A space: who can read it, its threads (most recently active first) and the form to start one. */
// Following (src/follows): the space's follow button.
import { FollowButton } from "../follows/follows.components.tsx";
import type { FollowState } from "../follows/follows.service.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { PublicWarning } from "../communities/communities.components.tsx";
import { AudienceLine, CsrfField, Field, PersonaBadge, When } from "../web/components.tsx";
import { labelsOf } from "../web/schema-form.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { isSignedIn } from "../shared/viewer.ts";
import { LIMITS } from "../shared/limits.ts";
import type { DiscussionService } from "./discussion.service.ts";
import type { ThreadSummaryView } from "./discussion.presenter.ts";
import { Breadcrumb, fieldError, markdownHint, CarerPrompt, PersonaPicker, SignInPrompt, threadForm, type FormProblem } from "./discussion.components.tsx";
import { LanguagePicker } from "./language-picker.tsx";
import { ContentWarningChoices, WarningLabel } from "./content-warnings.components.tsx";
import { HelpIsHere } from "../communities/help.components.tsx";

export type SpaceData = Awaited<ReturnType<DiscussionService["listThreads"]>>;
export type ThreadDraft = { title: string; body: string; personaId?: string; language?: string; contentWarnings?: string[] };

export const spacePath = (slug: string, space: string) => `/c/${encodeURIComponent(slug)}/s/${encodeURIComponent(space)}`;

const repliesInWords = (t: Translator, n: number) => (n === 0 ? t.text("threads.noRepliesYet") : t.text("threads.replyCount", { count: n }));

function ThreadItem({ thread, t }: { thread: ThreadSummaryView; t: Translator }) {
  return (
    <li class="card thread-summary">
      <h3>
        <a href={`/t/${thread.id}`} dir="auto">
          {thread.title}
        </a>
      </h3>
      {thread.contentWarnings.length > 0 ? (
        <p class="content-warning-line">
          <WarningLabel warnings={thread.contentWarnings} />
        </p>
      ) : null}
      <p class="thread-meta">
        {thread.author ? <PersonaBadge persona={thread.author} linked /> : null}
        <span>{repliesInWords(t, thread.replyCount)}</span>
        <span>
          <When iso={thread.lastPostedAt} prefix={t.text("space.lastPost")} />
        </span>
      </p>
    </li>
  );
}

/** The form to start a thread; the audience line sits right above the button. */
export function ThreadComposer(props: { ctx: PageContext; data: SpaceData; draft?: ThreadDraft; problem?: FormProblem }) {
  const { ctx, data, draft, problem } = props;
  const { t } = ctx;
  return (
    <form method="post" action={`${spacePath(data.community.slug, data.space.slug)}/threads`} class="composer" novalidate>
      <CsrfField token={ctx.csrfToken} />
      <Field name="title" label={t.text("discussion.title")} value={draft?.title} error={fieldError(problem, "title")} maxLength={LIMITS.threadTitle} required />
      <Field name="body" label={t.text("discussion.yourMessage")} hint={markdownHint(t)} multiline rows={8} value={draft?.body} error={fieldError(problem, "body")} required />
      <PersonaPicker viewer={ctx.viewer} selected={draft?.personaId} error={fieldError(problem, "personaId")} spaceVisibility={data.space.visibility} />
      <CarerPrompt viewer={ctx.viewer} />
      <LanguagePicker selected={draft?.language} error={fieldError(problem, "language")} />
      <ContentWarningChoices available={data.community.contentWarnings} chosen={draft?.contentWarnings ?? []} error={fieldError(problem, "contentWarnings")} />
      <HelpIsHere slug={data.community.slug} />
      {/* Who will read it, right above the button: the last thing read before sending. */}
      <PublicWarning show={data.space.readableByAnyone} />
      <AudienceLine community={data.community.name} space={data.space} />
      <button type="submit">{t.text("space.startButton")}</button>
    </form>
  );
}

/** What someone who cannot write here sees instead of the form. */
function CannotPost({ ctx, data }: { ctx: PageContext; data: SpaceData }) {
  const { t } = ctx;
  if (!isSignedIn(ctx.viewer)) return <SignInPrompt path={ctx.path} doing="write" />;
  if (data.myMembership?.status === "pending") {
    return <p class="notice">{t.text("space.joinWaiting")}</p>;
  }
  if (data.myMembership) return <p class="notice">{t.text("space.cannotStart")}</p>;
  const asking = data.community.joinPolicy === "approval";
  return (
    <div class="join-prompt">
      <p>{t.text("space.membersOnly", { community: data.community.name })}</p>
      <form method="post" action={`/c/${encodeURIComponent(data.community.slug)}/join`} class="inline-form">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={ctx.path} />
        <button type="submit">{t.text(asking ? "space.askToJoin" : "space.joinCommunity")}</button>
      </form>
    </div>
  );
}

export function SpacePage({ ctx, data, cursor, follow }: { ctx: PageContext; data: SpaceData; cursor?: string; follow?: FollowState }) {
  const { community, space, page } = data;
  const { t } = ctx;
  const base = spacePath(community.slug, space.slug);
  return (
    <Layout ctx={ctx} community={data.community} title={`${space.name} · ${community.name}`} description={space.description || undefined}>
      <Breadcrumb items={[{ href: `/c/${encodeURIComponent(community.slug)}`, label: community.name }]} />
      <h1 dir="auto">{space.name}</h1>
      {space.description ? <p class="lead">{space.description}</p> : null}
      {follow?.can.follow ? <FollowButton what="space" action={`${base}/follow`} following={follow.following} csrfToken={ctx.csrfToken} back={ctx.path} /> : null}
      <PublicWarning show={space.readableByAnyone} />
      <AudienceLine community={data.community.name} space={data.space} />
      {data.canPost && page.items.length > 0 ? (
        <p>
          <a href="#start-thread">{t.text("space.startLink")}</a>
        </p>
      ) : null}
      <section aria-labelledby="threads-title">
        <h2 id="threads-title">{t.text(cursor ? "space.olderThreads" : "space.threads")}</h2>
        {page.items.length === 0 ? (
          <p>{t.text(cursor ? "space.noOlder" : "space.noThreads")}</p>
        ) : (
          <ul class="card-list thread-list">
            {page.items.map((thread) => (
              <ThreadItem thread={thread} t={t} />
            ))}
          </ul>
        )}
        {cursor || page.nextCursor ? (
          <nav class="pagination" aria-label={t.text("space.moreThreads")}>
            {cursor ? <a href={base}>{t.text("space.newestThreads")}</a> : null}
            {page.nextCursor ? <a href={`${base}?cursor=${encodeURIComponent(page.nextCursor)}`}>{t.text("space.olderThreads")}</a> : null}
          </nav>
        ) : null}
      </section>
      <section id="start-thread" aria-labelledby="start-thread-title">
        <h2 id="start-thread-title">{t.text("space.startLink")}</h2>
        {data.canPost ? <ThreadComposer ctx={ctx} data={data} /> : <CannotPost ctx={ctx} data={data} />}
      </section>
    </Layout>
  );
}

/** Shown when starting a thread did not go through: the problem first, then the form as it was typed. */
export function ThreadComposerPage(props: { ctx: PageContext; data: SpaceData; draft: ThreadDraft; problem: FormProblem }) {
  const { ctx, data } = props;
  const { t } = ctx;
  const heading = t.text("space.startIn", { space: data.space.name });
  return (
    <Layout ctx={ctx} community={data.community} title={formTitle(heading, props.problem)}>
      <FormErrorSummary problem={props.problem} labels={{ ...labelsOf(threadForm(t)), contentWarnings: t.text("warnings.legend") }} />
      <Breadcrumb
        items={[
          { href: `/c/${encodeURIComponent(data.community.slug)}`, label: data.community.name },
          { href: spacePath(data.community.slug, data.space.slug), label: data.space.name },
        ]}
      />
      <h1>{heading}</h1>
      <ThreadComposer {...props} />
      {isSignedIn(ctx.viewer) ? null : <SignInPrompt path={spacePath(data.community.slug, data.space.slug)} doing="write" />}
    </Layout>
  );
}
