/**
 * Following and bookmarks (issue 11, ADR 35). An account follows threads, spaces and
 * personas, as one of its personas (the personal one by default): that face is what a
 * followed persona is told about. Bookmarks are the account's alone: no other view shows
 * one, or how many a thread has.
 *
 * Something the viewer may not read is not found, exactly as if it did not exist; a second
 * follow or bookmark of the same thing adds nothing (the database's unique indexes decide).
 */
import type { Db } from "../db/connection.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { DiscussionService } from "../discussion/discussion.service.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import { chooseAuthor } from "../shared/authorship.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { invalid, notFound, notSignedIn, orNotFound } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import { presentBookmark, presentFollow, type BookmarkView, type FollowState, type FollowView } from "./follows.presenter.ts";
import * as repo from "./follows.repo.ts";

export type { BookmarkView, FollowState, FollowView } from "./follows.presenter.ts";

/** What a follow is of, as the API names it. */
export type FollowKind = "thread" | "space" | "persona";
export type Followed = { created: boolean };
/** A follower of a target, for notifications' fan-out: the account, and the persona it follows as. */
export type Follower = { accountId: string; personaId: string };
/** What a button toggles: a follow of a thread, a space (community and space slugs) or a persona, or a bookmark. */
export type ToggleTarget = { thread: string } | { space: [string, string] } | { persona: string } | { bookmarkThread: string } | { bookmarkPost: string };

export class FollowsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly communities: CommunitiesService,
    private readonly personas: PersonasService,
    private readonly discussion: DiscussionService,
  ) {}

  async followThread(viewer: Viewer, threadId: string, input: { personaId?: string } = {}): Promise<Followed> {
    const signedIn = signedInOrThrow(viewer);
    const thread = await this.readableThread(signedIn, threadId);
    const persona = chooseAuthor(signedIn, input.personaId);
    return { created: await repo.insertFollow(this.db, { id: newId(), account_id: signedIn.accountId, persona_id: persona, community_id: thread.community_id, thread_id: thread.id }) };
  }

  async unfollowThread(viewer: Viewer, threadId: string): Promise<void> {
    const signedIn = signedInOrThrow(viewer);
    const thread = await this.readableThread(signedIn, threadId);
    await repo.deleteFollow(this.db, signedIn.accountId, { thread_id: thread.id });
  }

  async followSpace(viewer: Viewer, slug: string, spaceSlug: string, input: { personaId?: string } = {}): Promise<Followed> {
    const signedIn = signedInOrThrow(viewer);
    const { space } = await this.communities.readableSpace(signedIn, slug, spaceSlug);
    const persona = chooseAuthor(signedIn, input.personaId);
    return { created: await repo.insertFollow(this.db, { id: newId(), account_id: signedIn.accountId, persona_id: persona, community_id: space.community_id, space_id: space.id }) };
  }

  async unfollowSpace(viewer: Viewer, slug: string, spaceSlug: string): Promise<void> {
    const signedIn = signedInOrThrow(viewer);
    const { space } = await this.communities.readableSpace(signedIn, slug, spaceSlug);
    await repo.deleteFollow(this.db, signedIn.accountId, { space_id: space.id });
  }

  /**
   * Follows a persona. Any active persona may be followed, an anonymous one too: its page is
   * public, and a follow tells nobody whose it is. One's own personas may not (field `id`);
   * only their owner is told so, and they know it already.
   */
  async followPersona(viewer: Viewer, personaId: string, input: { personaId?: string } = {}): Promise<Followed> {
    const signedIn = signedInOrThrow(viewer);
    const persona = await this.personas.get(personaId);
    if (signedIn.personas.some((p) => p.id === persona.id)) throw invalid("id", msg("error.follows.ownPersona"));
    const follower = chooseAuthor(signedIn, input.personaId);
    const created = await this.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertFollow(trx, { id: newId(), account_id: signedIn.accountId, persona_id: follower, community_id: null, followed_persona_id: persona.id });
      if (inserted) await this.events.publish(trx, { type: "persona.followed", personaId: persona.id, followerPersonaId: follower });
      return inserted;
    });
    return { created };
  }

  async unfollowPersona(viewer: Viewer, personaId: string): Promise<void> {
    const signedIn = signedInOrThrow(viewer);
    const persona = await this.personas.get(personaId);
    await repo.deleteFollow(this.db, signedIn.accountId, { followed_persona_id: persona.id });
  }

  /** The viewer's follows, newest first, of what they may still read. */
  async listFollows(viewer: Viewer, cursor?: string, limit = 50): Promise<Page<FollowView>> {
    const signedIn = signedInOrThrow(viewer);
    const rows = await repo.listFollows(this.db, signedIn, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), presentFollow);
  }

  async bookmarkThread(viewer: Viewer, threadId: string): Promise<Followed> {
    const signedIn = signedInOrThrow(viewer);
    const thread = await this.readableThread(signedIn, threadId);
    return { created: await repo.insertBookmark(this.db, { id: newId(), account_id: signedIn.accountId, community_id: thread.community_id, thread_id: thread.id }) };
  }

  async unbookmarkThread(viewer: Viewer, threadId: string): Promise<void> {
    const signedIn = signedInOrThrow(viewer);
    const thread = await this.readableThread(signedIn, threadId);
    await repo.deleteBookmark(this.db, signedIn.accountId, { thread_id: thread.id });
  }

  async bookmarkPost(viewer: Viewer, postId: string): Promise<Followed & { threadId: string }> {
    const signedIn = signedInOrThrow(viewer);
    const post = await this.readablePost(signedIn, postId);
    const created = await repo.insertBookmark(this.db, { id: newId(), account_id: signedIn.accountId, community_id: post.community_id, post_id: post.id });
    return { created, threadId: post.thread_id };
  }

  async unbookmarkPost(viewer: Viewer, postId: string): Promise<{ threadId: string }> {
    const signedIn = signedInOrThrow(viewer);
    const post = await this.readablePost(signedIn, postId);
    await repo.deleteBookmark(this.db, signedIn.accountId, { post_id: post.id });
    return { threadId: post.thread_id };
  }

  /** What a button does without JavaScript: undoes the follow or bookmark when there is one, makes it otherwise. */
  /** Answers the thread of a bookmarked post, for the way back. */
  async toggle(viewer: Viewer, what: ToggleTarget): Promise<{ threadId?: string }> {
    const signedIn = signedInOrThrow(viewer);
    if ("thread" in what) {
      const on = await repo.isFollowing(this.db, signedIn.accountId, { thread_id: (await this.readableThread(signedIn, what.thread)).id });
      await (on ? this.unfollowThread(signedIn, what.thread) : this.followThread(signedIn, what.thread));
    } else if ("space" in what) {
      const { space } = await this.communities.readableSpace(signedIn, ...what.space);
      const on = await repo.isFollowing(this.db, signedIn.accountId, { space_id: space.id });
      await (on ? this.unfollowSpace(signedIn, ...what.space) : this.followSpace(signedIn, ...what.space));
    } else if ("persona" in what) {
      const persona = await this.personas.get(what.persona);
      const on = await repo.isFollowing(this.db, signedIn.accountId, { followed_persona_id: persona.id });
      await (on ? this.unfollowPersona(signedIn, persona.id) : this.followPersona(signedIn, persona.id));
    } else if ("bookmarkThread" in what) {
      const on = await repo.isBookmarked(this.db, signedIn.accountId, { thread_id: (await this.readableThread(signedIn, what.bookmarkThread)).id });
      await (on ? this.unbookmarkThread(signedIn, what.bookmarkThread) : this.bookmarkThread(signedIn, what.bookmarkThread));
    } else {
      const post = await this.readablePost(signedIn, what.bookmarkPost);
      const on = await repo.isBookmarked(this.db, signedIn.accountId, { post_id: post.id });
      await (on ? this.unbookmarkPost(signedIn, post.id) : this.bookmarkPost(signedIn, post.id));
      return { threadId: post.thread_id };
    }
    return {};
  }

  async listBookmarks(viewer: Viewer, cursor?: string, limit = 50): Promise<Page<BookmarkView>> {
    const signedIn = signedInOrThrow(viewer);
    const rows = await repo.listBookmarks(this.db, signedIn, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), presentBookmark);
  }

  /** For a thread page: whether the viewer follows and bookmarked the thread, and which of these posts they bookmarked. Guests follow nothing. */
  async threadState(viewer: Viewer, threadId: string, postIds: string[]): Promise<FollowState & { bookmarked: boolean; bookmarkedPosts: string[] }> {
    if (!isSignedIn(viewer)) return { following: false, bookmarked: false, bookmarkedPosts: [], can: { follow: false } };
    const [following, bookmarked, bookmarkedPosts] = await Promise.all([
      repo.isFollowing(this.db, viewer.accountId, { thread_id: threadId }),
      repo.isBookmarked(this.db, viewer.accountId, { thread_id: threadId }),
      repo.bookmarkedPostsAmong(this.db, viewer.accountId, postIds),
    ]);
    return { following, bookmarked, bookmarkedPosts, can: { follow: true } };
  }

  /** For a space page. */
  async spaceState(viewer: Viewer, slug: string, spaceSlug: string): Promise<FollowState> {
    if (!isSignedIn(viewer)) return { following: false, can: { follow: false } };
    const { space } = await this.communities.readableSpace(viewer, slug, spaceSlug);
    return { following: await repo.isFollowing(this.db, viewer.accountId, { space_id: space.id }), can: { follow: true } };
  }

  /** For a persona's page: one's own personas offer no button. */
  async personaState(viewer: Viewer, personaId: string): Promise<FollowState> {
    if (!isSignedIn(viewer) || viewer.personas.some((p) => p.id === personaId)) return { following: false, can: { follow: false } };
    return { following: await repo.isFollowing(this.db, viewer.accountId, { followed_persona_id: personaId }), can: { follow: true } };
  }

  /**
   * The author of a new thread or reply follows its thread, as Discourse does (ADR 35): as
   * the persona they wrote as. Run by a job; running it twice adds nothing, and one who
   * unfollowed is followed again only by writing there again.
   */
  async followAsAuthor(postId: string): Promise<void> {
    const post = await repo.findPostAuthor(this.db, postId);
    if (!post || post.deleted_at) return;
    await repo.insertFollow(this.db, { id: newId(), account_id: post.account_id, persona_id: post.author_persona_id, community_id: post.community_id, thread_id: post.thread_id });
  }

  /** The followers of a thread, a space or a persona, for notifications (never sent out). */
  async followersOf(kind: FollowKind, id: string): Promise<Follower[]> {
    const target: repo.FollowTarget = kind === "thread" ? { thread_id: id } : kind === "space" ? { space_id: id } : { followed_persona_id: id };
    return (await repo.followersOf(this.db, target)).map((r) => ({ accountId: r.account_id, personaId: r.persona_id }));
  }

  /** Whether a persona still follows another (a new follower is told about only while it does). */
  async stillFollows(followerPersonaId: string, personaId: string): Promise<boolean> {
    return repo.personaFollows(this.db, followerPersonaId, personaId);
  }

  /**
   * A thread the viewer may read, by discussion's own rules (its door, threadAccess): the same
   * 404 as a missing thread where they may not, and where a moderator hid it from them.
   */
  private async readableThread(viewer: SignedInViewer, threadId: string) {
    const access = await this.discussion.threadAccess(viewer, threadId);
    if (access.masked) throw notFound(msg("error.notFound.thread"));
    return { id: access.threadId, community_id: access.communityId };
  }

  private async readablePost(viewer: SignedInViewer, postId: string) {
    const post = isId(postId) ? await repo.findPostFacts(this.db, postId) : undefined;
    if (!post) throw notFound(msg("error.notFound.post"));
    await this.readableThread(viewer, post.thread_id).catch(orNotFound(msg("error.notFound.post")));
    return post;
  }
}

function signedInOrThrow(viewer: Viewer): SignedInViewer {
  if (!isSignedIn(viewer)) throw notSignedIn();
  return viewer;
}
