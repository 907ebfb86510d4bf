/**
 * Notifications: telling an account that someone replied to a thread one of its
 * personas started, or mentioned one of its personas. They are made in the
 * background (event subscribers, notifications.job.ts) and read by their account only.
 *
 * Unlinkability: accounts are compared here, inside the server, so that nobody is
 * told about their own words written under another persona; what goes out names
 * only personas. A mention never tells someone about a post they cannot read.
 */
import type { Db } from "../db/connection.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { NotificationKind, SpaceVisibility } from "../db/schema.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { isNotFound, notSignedIn } from "../shared/errors.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { mentionedPersonaIds } from "./mentions.ts";
import { presentNotification, type NotificationView } from "./notifications.presenter.ts";
import * as repo from "./notifications.repo.ts";

/** The unread count stops here; the header shows "99+" beyond it. */
export const UNREAD_CAP = 100;

type Recipient = { accountId: string; personaId: string; kind: NotificationKind };

export class NotificationsService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly communities: CommunitiesService,
    private readonly publicUrl: string,
  ) {}

  /** The viewer's notifications, newest first. */
  async list(viewer: Viewer, cursor?: string, limit = 30): Promise<Page<NotificationView>> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const rows = await repo.listNotifications(this.db, viewer, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), presentNotification);
  }

  /** How many of the viewer's notifications are unread (up to UNREAD_CAP); 0 for a guest. */
  async unreadCount(viewer: Viewer): Promise<number> {
    if (!isSignedIn(viewer)) return 0;
    return repo.countUnread(this.db, viewer, UNREAD_CAP);
  }

  /** Marks the viewer's notifications read: those listed, or all of them. Ids that are not theirs change nothing. */
  async markRead(viewer: Viewer, ids?: string[]): Promise<{ unread: number }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await repo.markRead(this.db, viewer.accountId, ids?.filter(isId));
    return { unread: await this.unreadCount(viewer) };
  }

  /**
   * A post was written or edited: records whom it mentions, and tells them, and for a
   * reply the thread's author too. Safe to run twice (a retried job tells no one twice).
   */
  async notePostWritten(postId: string, options: { reply: boolean }): Promise<void> {
    const post = await repo.findPostForNotifying(this.db, postId);
    if (!post || post.deleted_at) return;
    const mentioned = await repo.findActivePersonas(this.db, mentionedPersonaIds(post.body, this.publicUrl));
    await this.db.transaction().execute(async (trx) => {
      await repo.replaceMentions(
        trx,
        post.id,
        post.community_id,
        mentioned.map((p) => p.id),
      );
    });
    const recipients: Recipient[] = mentioned.map((p) => ({ accountId: p.account_id, personaId: p.id, kind: "mention" }));
    if (options.reply) recipients.push({ accountId: post.thread_author_account_id, personaId: post.thread_author_persona_id, kind: "reply" });
    const told = new Set<string>([post.author_account_id]); // nobody is told about their own words, under any persona
    for (const recipient of recipients) {
      if (told.has(recipient.accountId)) continue;
      told.add(recipient.accountId);
      if (!(await this.canRead(recipient.accountId, post.community_slug, post.space_visibility))) continue;
      await repo.insertNotification(this.db, {
        id: newId(),
        account_id: recipient.accountId,
        persona_id: recipient.personaId,
        kind: recipient.kind,
        community_id: post.community_id,
        thread_id: post.thread_id,
        post_id: post.id,
        actor_persona_id: post.author_persona_id,
        // When it happened (the post, or the edit that added the mention), not when the job ran:
        // jobs run in batches, and the list is in the order things were said.
        created_at: post.edited_at ?? post.created_at,
      });
    }
  }

  /** A post was deleted: its mentions and what was said about it go too. */
  async forgetPost(postId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteMentionsOfPost(trx, postId);
      await repo.deleteNotificationsOfPost(trx, postId);
    });
  }

  /** Whether an account may read a space: the same policy as reading a thread, as that account. */
  private async canRead(accountId: string, communitySlug: string, spaceVisibility: SpaceVisibility): Promise<boolean> {
    const viewer = await this.accounts.viewerForAccount(accountId);
    if (!isSignedIn(viewer)) return false; // suspended or deleted accounts are told nothing
    try {
      const { community, membership } = await this.communities.access(viewer, communitySlug);
      return this.communities.mayRead(viewer, community, { visibility: spaceVisibility }, membership);
    } catch (error) {
      if (isNotFound(error)) return false; // a hidden community they do not belong to
      throw error;
    }
  }
}
