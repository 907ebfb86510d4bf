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
import type { EventBus } from "../events/event-bus.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import { chooseAuthor } from "../shared/authorship.ts";
import { AppError, forbidden, invalid, isNotFound, notFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as repo from "./participation.repo.ts";
import { LADDER, type LadderView } from "./ladder.ts";

export { LADDER, type LadderView, type Step } from "./ladder.ts";

/**
 * A newcomer, for the one-tap welcome (ADR 41): a persona that wrote in the community's
 * welcome thread within this many days (their hello). Judged by the post's date, which every
 * reader of the thread sees, never by when an account joined, which only managers see.
 */
export const NEWCOMER_DAYS = 30;
const DAY_MS = 86_400_000;

/** A welcome given (or found already given): the newcomer's persona and the one it was given as. */
export type WelcomeGiven = { personaId: string; asPersonaId: string; created: boolean };

/** The posts of a page of the welcome thread that carry a Welcome button, by post id: whose hello, and whether the viewer already welcomed them. */
export type WelcomeOffers = Record<string, { personaId: string; name: string; welcomed: boolean }>;

/** A post as the thread page has it, for choosing where to offer a welcome. */
export type PostForWelcome = { id: string; author: { id: string; displayName: string } | null; createdAt: string; mine: boolean; deleted: boolean; masked: boolean; hidden: boolean };

/** How many accounts' "read" step this process remembers as marked, so reading does not write every time. */
const READ_MEMORY = 10_000;

export class ParticipationService {
  private readonly readMarked = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly communities: CommunitiesService,
    private readonly discussion: DiscussionService,
    private readonly events: EventBus,
    private readonly moderation: ModerationService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Welcomes a newcomer with one tap (ADR 41), as one of the viewer's personas (the personal
   * one by default). Only members welcome; a newcomer is a persona whose hello in the
   * community's welcome thread (which the viewer must be able to read) is at most
   * NEWCOMER_DAYS old. Anyone else is the same 404, so the answer never says whether the
   * account behind a persona belongs to the community. Once per welcomer account, newcomer
   * persona and community: a second tap (as any persona) writes nothing, `created` false.
   */
  async welcome(viewer: Viewer, slug: string, newcomerPersonaId: string, input: { asPersonaId?: string } = {}): Promise<WelcomeGiven> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { community, membership } = await this.communities.access(viewer, slug);
    if (membership?.status !== "member") throw forbidden(msg("error.welcome.joinToWelcome"));
    // One's own persona, any of them: said as such (only its owner can learn it is theirs).
    if (viewer.personas.some((p) => p.id === newcomerPersonaId)) throw new AppError("welcome_yourself", 400, msg("error.welcome.yourself"), { personaId: msg("error.welcome.yourself") });
    const asPersonaId = chooseAuthor(viewer, input.asPersonaId);
    const thread = await this.welcomeThread(viewer, slug);
    const since = new Date(this.now().getTime() - NEWCOMER_DAYS * DAY_MS);
    const isNewcomer = thread !== null && isId(newcomerPersonaId) && (await repo.saidHelloSince(this.db, thread.id, newcomerPersonaId, since));
    if (!isNewcomer) throw notFound(msg("error.notFound.newcomer"));
    await this.moderation.refuseIfSanctioned(viewer, community.id);
    return this.db.transaction().execute(async (trx) => {
      const id = newId();
      const inserted = await repo.insertWelcome(trx, { id, community_id: community.id, welcomer_account_id: viewer.accountId, welcomer_persona_id: asPersonaId, newcomer_persona_id: newcomerPersonaId });
      if (!inserted) {
        const earlier = await repo.welcomeGiven(trx, community.id, viewer.accountId, newcomerPersonaId);
        return { personaId: newcomerPersonaId, asPersonaId: earlier ?? asPersonaId, created: false };
      }
      // The newcomer is told in the job queue (src/notifications): whether they are still a member is checked there.
      await this.events.publish(trx, { type: "member.welcomed", communityId: community.id, welcomeId: id, personaId: newcomerPersonaId, byPersonaId: asPersonaId });
      return { personaId: newcomerPersonaId, asPersonaId, created: true };
    });
  }

  /**
   * Where the thread page offers a Welcome button: on a page of the community's welcome thread,
   * to a member who may read it, each other author's hello of the last NEWCOMER_DAYS (the first
   * of theirs on the page), saying "welcomed" once the viewer has. Null anywhere else.
   */
  async welcomeOffers(viewer: Viewer, slug: string, threadId: string, posts: PostForWelcome[]): Promise<WelcomeOffers | null> {
    if (!isSignedIn(viewer)) return null;
    const { community, membership } = await this.communities.access(viewer, slug);
    // The page has already found the thread readable: only whether it is the welcome thread is asked here.
    if (membership?.status !== "member" || (await repo.welcomeThreadOf(this.db, community.id)) !== threadId) return null;
    const since = this.now().getTime() - NEWCOMER_DAYS * DAY_MS;
    const own = new Set(viewer.personas.map((p) => p.id as string));
    const offers: WelcomeOffers = {};
    const seen = new Set<string>();
    for (const post of posts) {
      if (!post.author || post.mine || post.deleted || post.masked || post.hidden || own.has(post.author.id) || seen.has(post.author.id)) continue;
      if (new Date(post.createdAt).getTime() <= since) continue;
      seen.add(post.author.id);
      offers[post.id] = { personaId: post.author.id, name: post.author.displayName, welcomed: false };
    }
    const welcomed = await repo.welcomedAmong(this.db, community.id, viewer.accountId, [...seen]);
    for (const offer of Object.values(offers)) offer.welcomed = welcomed.has(offer.personaId);
    return offers;
  }

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
  noteEventEnded = (eventId: string) => repo.markGoingToEndedEvent(this.db, eventId);
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
