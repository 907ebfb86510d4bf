/** The shapes in which threads and posts leave the server. Authors appear only as persona views. */
import type { ReactionKind } from "../db/schema.ts";
import { presentPersona, type PersonaView } from "../personas/persona.presenter.ts";
import type { AuthorColumns, PostRow, ThreadSummaryRow } from "./discussion.repo.ts";

export const REACTION_KINDS: ReactionKind[] = ["thanks", "me_too", "hug", "helpful"];

export type ThreadSummaryView = {
  id: string;
  title: string;
  author: PersonaView;
  replyCount: number;
  createdAt: string;
  lastPostedAt: string;
  /** Hidden by a moderator: only its author and the moderators see it listed. */
  hidden: boolean;
};

export type PostView = {
  id: string;
  body: string;
  html: string;
  /** Null once a post is deleted: the place in the thread stays, the words and the author go. */
  author: PersonaView | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  reactions: Record<ReactionKind, number>;
  myReactions: ReactionKind[];
  /** Whether the viewer wrote it (and so may edit it). */
  mine: boolean;
  /**
   * Hidden by a moderator (the post or its whole thread). Readers other than the
   * author and the community's moderators get no words: body and html are empty and
   * pages show "Hidden by a moderator" in their place.
   */
  hidden: boolean;
};

/** The placeholder shown in place of hidden words. */
export const HIDDEN_PLACEHOLDER = "Hidden by a moderator";

/** Who may still read hidden words: the community's moderators, and the thread's author for a hidden thread. */
export type HiddenReaders = { moderator: boolean; ownsThread: boolean };

/** The persona view of a row's author columns. */
export function authorOf(row: AuthorColumns): PersonaView {
  return presentPersona({
    id: row.author_persona_id,
    kind: row.author_kind,
    display_name: row.author_name,
    is_carer: row.author_is_carer,
    specialty: row.author_specialty,
    capacity: row.author_capacity,
    verified_until: row.author_verified_until,
    verified_from: row.author_verified_from,
  });
}

export function presentThreadSummary(row: ThreadSummaryRow): ThreadSummaryView {
  return {
    id: row.id,
    title: row.title,
    author: authorOf(row),
    replyCount: row.reply_count,
    createdAt: row.created_at.toISOString(),
    lastPostedAt: row.last_posted_at.toISOString(),
    hidden: row.hidden_at !== null,
  };
}

export function presentPost(row: PostRow, viewerPersonaIds: ReadonlySet<string>, readers: HiddenReaders = { moderator: false, ownsThread: false }): PostView {
  const deleted = row.deleted_at !== null;
  const wrote = viewerPersonaIds.has(row.author_persona_id);
  const hidden = !deleted && (row.hidden_at !== null || row.thread_hidden_at !== null);
  // A hidden post stays readable to its author; a hidden thread to the thread's author; both to moderators.
  const masked =
    hidden && !readers.moderator && ((row.hidden_at !== null && !wrote) || (row.thread_hidden_at !== null && !readers.ownsThread && !wrote));
  const reactions = Object.fromEntries(REACTION_KINDS.map((k) => [k, row.reactions[k] ?? 0])) as Record<ReactionKind, number>;
  return {
    id: row.id,
    body: masked ? "" : row.body,
    html: masked ? "" : row.html,
    author: deleted ? null : authorOf(row),
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at ? row.edited_at.toISOString() : null,
    deleted,
    reactions,
    myReactions: row.my_reactions,
    mine: !deleted && wrote,
    hidden,
  };
}
