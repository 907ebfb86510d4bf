/**
 * Threads and posts: reading what the viewer may see, writing in a persona the
 * viewer owns, editing with history, deleting.
 */
import type { Db } from "../db/connection.ts";
import type { SpaceVisibility } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { CommunitiesService, MembershipFacts } from "../communities/communities.service.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { audienceOf, presentSpace, readableByAnyone } from "../communities/communities.presenter.ts";
import { LIMITS, THREAD_PAGE_SIZE } from "../shared/limits.ts";
import { checkSafeText, normaliseTitle } from "../shared/text.ts";
import { decodeCursor, encodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { AppError, forbidden, invalid, notFound, notSignedIn, orNotFound } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { chooseAuthor } from "../shared/authorship.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import * as repo from "./discussion.repo.ts";
import {
  presentPost,
  presentThread,
  presentThreadSummary,
  presentThreadTitle,
  type Allowed,
  type HiddenReaders,
  type PostView,
  type ThreadSummaryView,
  type ThreadView,
} from "./discussion.presenter.ts";
import { renderMarkdown } from "../shared/markdown.ts";
import { checkThreadWarnings, contentWarningsOf, findCrisisLanguage } from "../shared/condition-content.ts";
import { isContentLanguage, searchConfigOf } from "../shared/content-languages.ts";
// Moderation (src/moderation): an account suspended or banned in a community may not write there.
import type { ModerationService } from "../moderation/moderation.service.ts";

/**
 * What discussion asks of a feature above it before a reply is written: the edge network
 * (src/questions) refuses replies to a closed question. Bound in the composition root.
 */
export type ReplyGate = { refuseReply(threadId: string): Promise<void> };

/** More to write in a new thread's own transaction: a question's topics and who is asked (src/questions). */
export type AlongWithThread = (trx: Db, made: { threadId: string; postId: string; communityId: string; spaceId: string }) => Promise<void>;

export type { ThreadView } from "./discussion.presenter.ts";

/** The thread and post page size; replies are redirected to the page that shows them, so both must agree. */
export { THREAD_PAGE_SIZE };

/** A new reply, and the cursor of the thread page (of THREAD_PAGE_SIZE posts) that shows it: null for the first page. */
export type NewReply = { id: string; pageCursor: string | null; crisisSupport: boolean };

export type RecentThreadView = ThreadSummaryView & { space: { slug: string; name: string } };

export type RevisionView = { id: string; body: string; replacedAt: string };

export type TitleRevisionView = { id: string; title: string; replacedAt: string };

/**
 * What another feature (polls) may know of a thread the viewer can read: whether the viewer
 * started it (as any of their personas) and may reply in it. Nothing about who else is there.
 */
export type ThreadAccess = {
  threadId: string;
  communityId: string;
  ownsThread: boolean;
  mayReply: boolean;
  /** A moderator hid the thread and this viewer may not read its words (its title is withheld too). */
  masked: boolean;
  /** The title as this viewer is shown it (a placeholder where masked or its opening post was deleted). */
  title: string;
};

/** Where a deleted post leaves the reader: its thread, or the space when the thread went with it. */
export type DeletedPost = { threadId: string; threadDeleted: boolean; communitySlug: string; spaceSlug: string };

type ThreadRow = repo.ThreadRow;

export class DiscussionService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly communities: CommunitiesService,
    private readonly moderation: ModerationService,
    private readonly replyGate: ReplyGate = { refuseReply: async () => {} },
  ) {}

  async listThreads(viewer: Viewer, slug: string, spaceSlug: string, cursor?: string, limit = 30) {
    const { community, membership, space, canPost, readsAsModerator } = await this.communities.readableSpace(viewer, slug, spaceSlug);
    const hidden = { personaIds: personaIdsOf(viewer), moderator: readsAsModerator };
    const rows = await repo.listThreads(this.db, space.id, decodeCursor(cursor), limit, hidden);
    const page: Page<ThreadSummaryView> = toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), presentThreadSummary);
    return {
      community: { slug: community.slug, name: community.name, joinPolicy: community.join_policy, contentWarnings: [...contentWarningsOf(community.charter)] },
      space: presentSpace(community, space),
      canPost,
      myMembership: membership ? { role: membership.role, status: membership.status } : null,
      page,
    };
  }

  /** The latest threads across the first `spaceCount` spaces the viewer may read, in one query. */
  async recentThreads(viewer: Viewer, slug: string, spaceCount: number, limit: number): Promise<RecentThreadView[]> {
    const readable = await this.communities.readableSpaces(viewer, slug);
    const spaces = readable.spaces.slice(0, spaceCount);
    const hidden = { personaIds: personaIdsOf(viewer), moderator: readable.readsAsModerator };
    const rows = await repo.listRecentThreads(this.db, spaces.map((s) => s.id), limit, hidden);
    const spaceOf = new Map(spaces.map((s) => [s.id, { slug: s.slug, name: s.name }]));
    return rows.map((r) => ({ ...presentThreadSummary(r), space: spaceOf.get(r.space_id)! }));
  }

  async createThread(
    viewer: Viewer,
    slug: string,
    spaceSlug: string,
    input: { title: string; body: string; personaId?: string; language?: string; contentWarnings?: string[] },
    alongWith?: AlongWithThread,
  ) {
    const author = this.authorFor(viewer, input.personaId);
    const title = checkTitle(input.title);
    const body = checkBody(input.body);
    const language = checkLanguage(input.language);
    const { community, space, canPost } = await this.communities.readableSpace(viewer, slug, spaceSlug);
    if (!canPost) throw mustJoin();
    await this.moderation.refuseIfSanctioned(viewer, community.id);
    const contentWarnings = checkThreadWarnings(input.contentWarnings, contentWarningsOf(community.charter));
    const threadId = newId();
    const postId = newId();
    await this.db.transaction().execute(async (trx) => {
      await repo.noteSearchConfig(trx, language.search_config);
      await repo.insertThread(trx, { id: threadId, community_id: community.id, space_id: space.id, author_persona_id: author, title, ...language, content_warnings: contentWarnings });
      await repo.insertPost(trx, { id: postId, community_id: community.id, thread_id: threadId, author_persona_id: author, body, html: renderMarkdown(body), ...language });
      await this.events.publish(trx, { type: "thread.created", communityId: community.id, threadId, postId });
      if (alongWith) await alongWith(trx, { threadId, postId, communityId: community.id, spaceId: space.id });
    });
    // Nothing blocks the post; the author is shown the community's crisis resources next (ADR 39).
    return { id: threadId, postId, crisisSupport: findCrisisLanguage(`${title}\n${body}`, community.charter.crisisPhrases) !== null };
  }

  /** Sets a thread's content warnings: its author or a moderator; each must be one of the community's. */
  async setContentWarnings(viewer: Viewer, threadId: string, warnings: string[]): Promise<ThreadView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { thread, membership } = await this.readableThread(viewer, threadId);
    const isAuthor = (await repo.threadAuthorAccount(this.db, thread.id)) === viewer.accountId;
    if (!isAuthor && !this.communities.manages(membership)) throw forbidden(msg("error.discussion.warningsStarterOrModerator"));
    if (!isAuthor) requireSecondFactorFor(viewer);
    const checked = checkThreadWarnings(warnings, contentWarningsOf(thread.community_charter));
    await repo.updateThreadWarnings(this.db, thread.id, checked);
    return this.getThread(viewer, thread.id, undefined, 1);
  }

  async getThread(viewer: Viewer, threadId: string, cursor?: string, limit = 50): Promise<ThreadView> {
    const { thread, membership } = await this.readableThread(viewer, threadId);
    const personaIds = isSignedIn(viewer) ? viewer.personas.map((p) => p.id as string) : [];
    const rows = await repo.listPosts(this.db, thread.id, personaIds, decodeCursor(cursor), limit);
    const mine = new Set(personaIds);
    const readers = readersOf(this.communities, viewer, thread, membership, mine);
    const allowed = allowedIn(this.communities, viewer, thread, membership, readers);
    const audience = audienceOf({ name: thread.community_name, visibility: thread.community_visibility }, { visibility: thread.space_visibility });
    const posts = toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), (r) => presentPost(r, mine, readers, allowed));
    const open = readableByAnyone({ visibility: thread.community_visibility }, { visibility: thread.space_visibility });
    return presentThread(thread, posts, readers, allowed, audience, open);
  }

  /** The thread's access facts for this viewer; the same 404 as getThread where it may not read it. */
  async threadAccess(viewer: Viewer, threadId: string): Promise<ThreadAccess> {
    const { thread, membership } = await this.readableThread(viewer, threadId);
    const readers = readersOf(this.communities, viewer, thread, membership, new Set(personaIdsOf(viewer)));
    const allowed = allowedIn(this.communities, viewer, thread, membership, readers);
    const { masked, title } = presentThreadTitle(thread, readers);
    return { threadId: thread.id, communityId: thread.community_id, ownsThread: readers.ownsThread, mayReply: allowed.reply, masked, title };
  }

  async reply(viewer: Viewer, threadId: string, input: { body: string; personaId?: string; language?: string }): Promise<NewReply> {
    const author = this.authorFor(viewer, input.personaId);
    const body = checkBody(input.body);
    const language = checkLanguage(input.language);
    const { thread, membership } = await this.readableThread(viewer, threadId);
    if (!this.communities.mayPost(viewer, { visibility: thread.community_visibility }, { visibility: thread.space_visibility }, membership)) {
      throw mustJoin();
    }
    if (thread.hidden_at !== null) {
      if (!this.communities.manages(membership)) throw new AppError("thread_hidden", 409, msg("error.discussion.threadHidden"));
      requireSecondFactorFor(viewer); // only the role lets anyone reply here
    }
    await this.moderation.refuseIfSanctioned(viewer, thread.community_id);
    await this.replyGate.refuseReply(thread.id);
    const postId = newId();
    await this.db.transaction().execute(async (trx) => {
      await repo.noteSearchConfig(trx, language.search_config);
      await repo.insertPost(trx, { id: postId, community_id: thread.community_id, thread_id: thread.id, author_persona_id: author, body, html: renderMarkdown(body), ...language });
      await repo.noteReply(trx, thread.id);
      await this.events.publish(trx, { type: "post.created", communityId: thread.community_id, threadId: thread.id, postId });
    });
    const position = await repo.pagePositionOfPost(this.db, thread.id, postId, THREAD_PAGE_SIZE);
    const crisisSupport = findCrisisLanguage(body, thread.community_charter.crisisPhrases) !== null;
    return { id: postId, pageCursor: position ? encodeCursor(position) : null, crisisSupport };
  }

  /** Edits a post the viewer wrote; the earlier body is kept as a revision. */
  async editPost(viewer: Viewer, postId: string, input: { body: string; language?: string }): Promise<PostView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const body = checkBody(input.body);
    const language = input.language === undefined ? undefined : checkLanguage(input.language);
    const { post, thread, membership } = await this.readablePost(viewer, postId);
    if (post.author_account_id !== viewer.accountId) throw forbidden(msg("error.discussion.editOwnOnly"));
    if (post.deleted_at) throw new AppError("post_deleted", 409, msg("error.discussion.editDeleted"));
    await this.db.transaction().execute(async (trx) => {
      await repo.insertRevision(trx, { id: newId(), community_id: thread.community_id, post_id: post.id, body: post.body, created_at: new Date() });
      if (language) await repo.noteSearchConfig(trx, language.search_config);
      await repo.updatePostBody(trx, post.id, body, renderMarkdown(body), language);
      await this.events.publish(trx, { type: "post.edited", communityId: thread.community_id, threadId: thread.id, postId: post.id });
    });
    return this.presentOne(viewer, post.id, thread, membership);
  }

  /**
   * Deletes a post: its author may, and so may the community's moderators. The last post
   * with words in a thread takes the thread with it (`threadDeleted`, and the space to go
   * back to); a deleted opening post with replies left takes the thread's title and author
   * out of every page, list and search.
   */
  async deletePost(viewer: Viewer, postId: string): Promise<DeletedPost> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { post, thread, membership } = await this.readablePost(viewer, postId);
    const isAuthor = post.author_account_id === viewer.accountId;
    if (!isAuthor && !this.communities.manages(membership)) throw forbidden(msg("error.discussion.deleteAuthorOrModerator"));
    if (!isAuthor) requireSecondFactorFor(viewer);
    const space = { communitySlug: thread.community_slug, spaceSlug: thread.space_slug };
    if (post.deleted_at) return { threadId: thread.id, threadDeleted: false, ...space };
    return this.db.transaction().execute(async (trx) => {
      const alone = !(await repo.hasOtherLivePosts(trx, thread.id, post.id));
      if (alone) {
        await repo.deleteThread(trx, thread.id);
      } else {
        await repo.deletePostContent(trx, post.id);
        if ((await repo.openingPostId(trx, thread.id)) === post.id) await repo.forgetThreadTitle(trx, thread.id);
      }
      await this.events.publish(trx, { type: "post.deleted", communityId: thread.community_id, threadId: thread.id, postId: post.id });
      return { threadId: thread.id, threadDeleted: alone, ...space };
    });
  }

  /**
   * Changes a thread's title: its author (as any of their personas) and the community's
   * moderators may, while the opening post stands. The earlier title is kept, as a post's
   * earlier bodies are.
   */
  async editThreadTitle(viewer: Viewer, threadId: string, input: { title: string }): Promise<ThreadView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const title = checkTitle(input.title);
    const { thread, membership } = await this.readableThread(viewer, threadId);
    const isAuthor = (await repo.threadAuthorAccount(this.db, thread.id)) === viewer.accountId;
    if (!isAuthor && !this.communities.manages(membership)) throw forbidden(msg("error.discussion.titleStarterOrModerator"));
    if (!isAuthor) requireSecondFactorFor(viewer);
    if (thread.opening_deleted_at !== null) throw new AppError("post_deleted", 409, msg("error.discussion.titleOpeningDeleted"));
    if (title !== thread.title) {
      await this.db.transaction().execute(async (trx) => {
        await repo.insertTitleRevision(trx, { id: newId(), community_id: thread.community_id, thread_id: thread.id, title: thread.title });
        await repo.updateThreadTitle(trx, thread.id, title);
      });
    }
    return this.getThread(viewer, thread.id, undefined, 1);
  }

  /** Earlier titles of a thread, newest first: for its author and the community's moderators, like a post's history. */
  async titleRevisions(viewer: Viewer, threadId: string): Promise<{ items: TitleRevisionView[] }> {
    const { thread, membership } = await this.readableThread(viewer, threadId);
    const isAuthor = isSignedIn(viewer) && (await repo.threadAuthorAccount(this.db, thread.id)) === viewer.accountId;
    if (!isAuthor && !this.communities.manages(membership)) throw notFound(msg("error.notFound.threadHistory"));
    if (!isAuthor) requireSecondFactorFor(viewer);
    const rows = await repo.listTitleRevisions(this.db, thread.id);
    return { items: rows.map((r) => ({ id: r.id, title: r.title, replacedAt: r.created_at.toISOString() })) };
  }

  /**
   * Earlier versions of a post. Only its author and the community's moderators may
   * read them: an edit often removes something the author regretted sharing.
   */
  async revisions(viewer: Viewer, postId: string): Promise<{ items: RevisionView[] }> {
    const { post, membership } = await this.readablePost(viewer, postId);
    const isAuthor = isSignedIn(viewer) && post.author_account_id === viewer.accountId;
    if (!isAuthor && !this.communities.manages(membership)) throw notFound(msg("error.notFound.postHistory"));
    // Someone else's history is open to a moderator only through the role: a privileged read (ADR 23).
    if (!isAuthor) requireSecondFactorFor(viewer);
    const rows = await repo.listRevisions(this.db, post.id);
    return { items: rows.map((r) => ({ id: r.id, body: r.body, replacedAt: r.created_at.toISOString() })) };
  }

  /** One post as the viewer sees it (for the edit form and PATCH responses). */
  async getPost(viewer: Viewer, postId: string): Promise<{ post: PostView; threadId: string; threadTitle: string }> {
    const { post, thread, membership } = await this.readablePost(viewer, postId);
    const readers = readersOf(this.communities, viewer, thread, membership, new Set(personaIdsOf(viewer)));
    const threadTitle = presentThreadTitle(thread, readers).title;
    return { post: await this.presentOne(viewer, post.id, thread, membership), threadId: thread.id, threadTitle };
  }

  private async presentOne(viewer: Viewer, postId: string, thread: ThreadRow, membership: MembershipFacts): Promise<PostView> {
    const personaIds = personaIdsOf(viewer);
    const row = await repo.findPostRow(this.db, postId, personaIds);
    if (!row) throw notFound(msg("error.notFound.post"));
    const mine = new Set(personaIds);
    const readers = readersOf(this.communities, viewer, thread, membership, mine);
    return presentPost(row, mine, readers, allowedIn(this.communities, viewer, thread, membership, readers));
  }

  private async readableThread(viewer: Viewer, threadId: string): Promise<{ thread: ThreadRow; membership: MembershipFacts }> {
    const thread = isId(threadId) ? await repo.findThread(this.db, threadId) : undefined;
    if (!thread) throw notFound(msg("error.notFound.thread"));
    // The thread row carries its community's visibility: only the membership is left to look up.
    const membership = await this.communities.membershipIn(viewer, thread.community_id);
    const community = { visibility: thread.community_visibility };
    if (!this.communities.mayRead(viewer, community, { visibility: thread.space_visibility }, membership)) throw notFound(msg("error.notFound.thread"));
    return { thread, membership };
  }

  private async readablePost(viewer: Viewer, postId: string) {
    const post = isId(postId) ? await repo.findPost(this.db, postId) : undefined;
    if (!post) throw notFound(msg("error.notFound.post"));
    const { thread, membership } = await this.readableThread(viewer, post.thread_id).catch(orNotFound(msg("error.notFound.post")));
    return { post, thread, membership };
  }

  /** The persona a new thread or post is written as: one of the viewer's own, the personal one by default. */
  private authorFor(viewer: Viewer, personaId?: string): string {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return chooseAuthor(viewer, personaId);
  }
}

function personaIdsOf(viewer: Viewer): string[] {
  return isSignedIn(viewer) ? viewer.personas.map((p) => p.id as string) : [];
}

/** Who may still read hidden words in this thread (see presentPost). */
function readersOf(rules: CommunitiesService, viewer: Viewer, thread: { author_persona_id: string }, membership: MembershipFacts, viewerPersonaIds: ReadonlySet<string>): HiddenReaders {
  return { moderator: rules.readsAsModerator(viewer, membership), ownsThread: viewerPersonaIds.has(thread.author_persona_id) };
}

/** What the policy lets the viewer do in this thread; the presenter turns it into each view's `can`. */
function allowedIn(rules: CommunitiesService, viewer: Viewer, thread: ThreadRow, membership: MembershipFacts, readers: HiddenReaders): Allowed {
  const facts = { visibility: thread.community_visibility };
  const space = { visibility: thread.space_visibility };
  return {
    // A hidden thread takes no replies, except from the moderators (who may explain why it was hidden).
    reply: rules.mayPost(viewer, facts, space, membership) && (thread.hidden_at === null || readers.moderator),
    moderate: rules.manages(membership),
  };
}


function checkTitle(title: string): string {
  return normaliseTitle("title", title, { max: LIMITS.threadTitle, empty: msg("problem.discussion.title") });
}

/**
 * The language a post says it is written in, and the configuration that indexes its words.
 * Left out (a client that does not say): not recorded, indexed as English, as before.
 */
function checkLanguage(language: string | undefined): { language: string | null; search_config: string } {
  if (language === undefined) return { language: null, search_config: searchConfigOf(null) };
  if (!isContentLanguage(language)) throw invalid("language", msg("problem.discussion.language"));
  return { language, search_config: searchConfigOf(language) };
}

// Markdown is not NFKC-normalised (that would change what was written), only made safe to store.
function checkBody(body: string): string {
  const trimmed = checkSafeText("body", body).trim();
  if (!trimmed) throw invalid("body", msg("problem.discussion.body"));
  if (trimmed.length > LIMITS.postBody) throw invalid("body", msg("problem.discussion.bodyTooLong", { max: String(LIMITS.postBody) }));
  return trimmed;
}

function mustJoin() {
  return forbidden(msg("error.discussion.joinToWrite"));
}
