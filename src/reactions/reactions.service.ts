/**
 * Reactions: the smallest way to take part ("Thanks", "Me too", "Hug", "Helpful").
 * A reaction is given as one of the viewer's personas, like a reply, but only the
 * counts are ever shown: no one can list who reacted, so a reaction cannot tie a
 * persona to a post, or two personas to each other.
 */
import type { Db } from "../db/connection.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { ReactionKind } from "../db/schema.ts";
import type { CommunitiesService, MembershipFacts } from "../communities/communities.service.ts";
import { chooseAuthor } from "../shared/authorship.ts";
import { REACTION_KINDS } from "../discussion/discussion.presenter.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import { AppError, forbidden, invalid, notFound, notSignedIn, orNotFound } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId } from "../shared/ids.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import * as repo from "./reactions.repo.ts";

/** What a post's reactions look like to the viewer after a change. */
export type ReactionsView = {
  postId: string;
  reactions: Record<ReactionKind, number>;
  myReactions: ReactionKind[];
};

type PostFacts = NonNullable<Awaited<ReturnType<typeof repo.findPostForReaction>>>;

export const isReactionKind = (kind: string): kind is ReactionKind => (REACTION_KINDS as string[]).includes(kind);

export class ReactionsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly communities: CommunitiesService,
    private readonly moderation: ModerationService,
  ) {}

  /**
   * Gives a reaction as one of the viewer's personas (the personal one by default).
   * Giving the same one again changes nothing: `created` is false then.
   */
  async react(viewer: Viewer, postId: string, input: { kind: string; personaId?: string }): Promise<ReactionsView & { created: boolean }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const kind = checkKind(input.kind);
    const { post, membership } = await this.readablePost(viewer, postId);
    const facts = { visibility: post.community_visibility };
    const space = { visibility: post.space_visibility };
    // The same rule as replying: members who may write in the space.
    if (!this.communities.mayPost(viewer, facts, space, membership)) throw forbidden(msg("error.reactions.joinToReact"));
    const personaId = chooseAuthor(viewer, input.personaId);
    if (post.deleted_at) throw new AppError("post_deleted", 409, msg("error.reactions.postDeleted"));
    if (post.hidden_at || post.thread_hidden_at) throw new AppError("post_hidden", 409, msg("error.reactions.postHidden"));
    await this.moderation.refuseIfSanctioned(viewer, post.community_id);
    // A new reaction tells the post's author, batched per post and kind (src/notifications, ADR 35).
    const created = await this.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertReaction(trx, { community_id: post.community_id, post_id: post.id, persona_id: personaId, kind });
      if (inserted) await this.events.publish(trx, { type: "reaction.given", communityId: post.community_id, threadId: post.thread_id, postId: post.id, kind, byPersonaId: personaId });
      return inserted;
    });
    return { ...(await this.summary(viewer, post.id)), created };
  }

  /**
   * Takes back a reaction given as one persona: `personaId`, or else the persona the
   * viewer reacts as by default (the personal one, as in `react`). Only that persona's
   * reaction goes, never the others' of the account: taking them all back at once would
   * drop the count by more than one and show that those personas share an account.
   * Taking back one that was never given changes nothing.
   */
  async unreact(viewer: Viewer, postId: string, kindText: string, personaId?: string): Promise<ReactionsView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const kind = checkKind(kindText);
    const { post } = await this.readablePost(viewer, postId);
    await repo.deleteReactions(this.db, post.id, [actingPersona(viewer, personaId)], kind);
    return this.summary(viewer, post.id);
  }

  /**
   * What a reaction button does on a page without JavaScript: takes the reaction back
   * when the default persona gave it, gives it as that persona otherwise. The other
   * personas of the account are never touched by a button press.
   */
  async toggle(viewer: Viewer, postId: string, kindText: string): Promise<ReactionsView & { threadId: string }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const kind = checkKind(kindText);
    const { post } = await this.readablePost(viewer, postId);
    const given = await repo.hasReacted(this.db, post.id, actingPersona(viewer), kind);
    const after = given ? await this.unreact(viewer, post.id, kind) : await this.react(viewer, post.id, { kind });
    return { postId: after.postId, reactions: after.reactions, myReactions: after.myReactions, threadId: post.thread_id };
  }

  private async summary(viewer: SignedInViewer, postId: string): Promise<ReactionsView> {
    const { counts, mine } = await repo.reactionSummary(
      this.db,
      postId,
      viewer.personas.map((p) => p.id as string),
    );
    const reactions = Object.fromEntries(REACTION_KINDS.map((k) => [k, counts[k] ?? 0])) as Record<ReactionKind, number>;
    return { postId, reactions, myReactions: REACTION_KINDS.filter((k) => mine.includes(k)) };
  }

  /** The post, if the viewer may read it; a 404 otherwise, as if it did not exist. */
  private async readablePost(viewer: Viewer, postId: string): Promise<{ post: PostFacts; membership: MembershipFacts }> {
    const post = isId(postId) ? await repo.findPostForReaction(this.db, postId) : undefined;
    if (!post) throw notFound(msg("error.notFound.post"));
    const { membership } = await this.communities.access(viewer, post.community_slug).catch(orNotFound(msg("error.notFound.post")));
    const readable = this.communities.mayRead(viewer, { visibility: post.community_visibility }, { visibility: post.space_visibility }, membership);
    if (!readable) throw notFound(msg("error.notFound.post"));
    return { post, membership };
  }
}

function checkKind(kind: string): ReactionKind {
  if (!isReactionKind(kind)) throw invalid("kind", msg("problem.chooseOneOf", { allowed: REACTION_KINDS.join(", ") }));
  return kind;
}

/** The persona a reaction is taken back from: the one named (it must be the viewer's), or the one `react` gives as by default. */
function actingPersona(viewer: SignedInViewer, personaId?: string): string {
  if (personaId === undefined) return chooseAuthor(viewer);
  const persona = viewer.personas.find((p) => p.id === personaId);
  if (!persona) throw forbidden(msg("error.reactions.ownPersonasOnly"));
  return persona.id;
}
