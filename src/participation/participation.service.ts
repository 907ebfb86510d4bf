/**
 * The participation ladder (issue 11): the small, low-risk steps by which someone comes to
 * take part — read a thread, react, check in, reply, start a thread, be found helpful — each
 * marked the first time it happens, shown to that member alone with the next step
 * suggested. No counts, no dates, no streaks, no leaderboards: nobody else sees any of it.
 * Also each community's welcome thread, where a newcomer is asked to say hello.
 */
import type { Db } from "../db/connection.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { DiscussionService } from "../discussion/discussion.service.ts";
import { forbidden, invalid, isNotFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as repo from "./participation.repo.ts";
import { LADDER, type LadderView } from "./ladder.ts";

export { LADDER, type LadderView, type Step } from "./ladder.ts";

/** How many accounts' "read" step this process remembers as marked, so reading does not write every time. */
const READ_MEMORY = 10_000;

export class ParticipationService {
  private readonly readMarked = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly communities: CommunitiesService,
    private readonly discussion: DiscussionService,
  ) {}

  /** The viewer's ladder: which steps they have taken, and the lowest one not yet taken. */
  async ladder(viewer: Viewer): Promise<LadderView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const taken = await repo.stepsTaken(this.db, viewer.accountId);
    const steps = LADDER.map((id) => ({ id, done: taken.has(id) }));
    return { steps, next: steps.find((s) => !s.done)?.id ?? null };
  }

  /** Someone signed in opened a thread: their "read" step (written once; remembered in this process after that). */
  async noteRead(viewer: Viewer): Promise<void> {
    if (!isSignedIn(viewer) || this.readMarked.has(viewer.accountId)) return;
    await repo.markStep(this.db, viewer.accountId, "read");
    if (this.readMarked.size >= READ_MEMORY) this.readMarked.clear();
    this.readMarked.add(viewer.accountId);
  }

  // The event subscribers' doors (participation.job.ts): each idempotent.
  noteThreadStarted = (postId: string) => repo.markAuthorOfPost(this.db, postId, "thread");
  noteReplied = (postId: string) => repo.markAuthorOfPost(this.db, postId, "reply");
  noteCheckedIn = (accountId: string) => repo.markStep(this.db, accountId, "checkin");
  async noteReaction(postId: string, kind: string, byPersonaId: string): Promise<void> {
    await repo.markStepOfPersona(this.db, byPersonaId, "react");
    if (kind === "helpful") await repo.markHelped(this.db, postId, byPersonaId);
  }

  /** The community's welcome thread as the viewer may read it (id and title), or null when it has none they can read. */
  async welcomeThread(viewer: Viewer, slug: string): Promise<{ id: string; title: string } | null> {
    const { community } = await this.communities.access(viewer, slug);
    const threadId = await repo.welcomeThreadOf(this.db, community.id);
    if (!threadId) return null;
    try {
      const thread = await this.discussion.threadAccess(viewer, threadId);
      return { id: thread.threadId, title: thread.title };
    } catch (error) {
      // Not readable by this viewer (a members-only space, a hidden thread): as if there were none.
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** Chooses the community's welcome thread (owners and moderators), or none with null; the thread must be the community's. */
  async setWelcomeThread(viewer: Viewer, slug: string, threadId: string | null): Promise<{ threadId: string | null }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { community, membership } = await this.communities.access(viewer, slug);
    if (!this.communities.manages(membership)) throw forbidden(msg("error.participation.welcomeManagersOnly"));
    if (threadId !== null) {
      const access = await this.discussion.threadAccess(viewer, threadId).catch((error: unknown) => {
        if (isNotFound(error)) throw invalid("threadId", msg("problem.participation.notThisCommunity"));
        throw error;
      });
      if (access.communityId !== community.id) throw invalid("threadId", msg("problem.participation.notThisCommunity"));
    }
    await repo.setWelcomeThread(this.db, community.id, threadId);
    return { threadId };
  }
}
