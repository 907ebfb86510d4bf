/** The shapes in which threads and posts leave the server. Authors appear only as persona views. */
import type { ReactionKind, SpaceVisibility } from "../db/schema.ts";
import { presentPersona, type PersonaView } from "../personas/persona.presenter.ts";
import type { Page } from "../shared/cursor.ts";
import type { AuthorColumns } from "../db/persona-columns.ts";
import type { PostRow, ThreadRow, ThreadSummaryRow } from "./discussion.repo.ts";
import { contentWarningsOf } from "../shared/condition-content.ts";

export const REACTION_KINDS: ReactionKind[] = ["thanks", "me_too", "hug", "helpful"];

export type ThreadSummaryView = {
  id: string;
  /** OPENING_DELETED_TITLE once the opening post was deleted (the replies stay). */
  title: string;
  /** Null once the opening post was deleted: its author is no longer shown. */
  author: PersonaView | null;
  replyCount: number;
  createdAt: string;
  lastPostedAt: string;
  /** Hidden by a moderator: only its author and the moderators see it listed. */
  hidden: boolean;
  /** The content warnings it carries (its community's words); lists show them beside the title. */
  contentWarnings: string[];
};

export type PostView = {
  id: string;
  body: string;
  html: string;
  /** The language it is written in (ISO 639-1), for `lang` on its words; null when never recorded. */
  language: string | null;
  /** Null once a post is deleted: the place in the thread stays, the words and the author go. */
  author: PersonaView | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** In a fork, a post whose author's words did not come with it (ADR 43): no words, no author, said as "not carried". */
  notCarried: boolean;
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
  /** Hidden and this viewer may not read it: body and html are empty. Pages show the notice from this flag. */
  masked: boolean;
  /** Only to its author, when a moderator hid the post: the reason they gave. */
  hiddenReason?: string;
  /** What the viewer may do with this post (pages show only these controls; the service still checks). */
  can: Can;
};

/**
 * What a viewer may do with a thread or post, in the spirit of Outline's presentPolicies.
 * A thread's `edit` is changing its title (its author and the moderators); a thread is
 * never deleted on its own (it goes with its only post), so a thread's `delete` is false.
 */
export type Can = { reply: boolean; edit: boolean; delete: boolean; moderate: boolean; react: boolean };

/** The policy answers the service looks up once per thread (the presenter derives `can` from them). */
export type Allowed = { reply: boolean; moderate: boolean };

export const NOTHING_ALLOWED: Allowed = { reply: false, moderate: false };

/** A post shown as a preview (edit and delete pages): no controls at all. */
export const CAN_NOTHING: Can = { reply: false, edit: false, delete: false, moderate: false, react: false };

export type ThreadView = {
  id: string;
  title: string;
  /** The language of its title and opening post (ISO 639-1); null when never recorded. */
  language: string | null;
  replyCount: number;
  createdAt: string;
  community: { slug: string; name: string; isDemo: boolean };
  /** `readableByAnyone`: search engines included (pages show the public-space warning). */
  space: { slug: string; name: string; visibility: SpaceVisibility; audience: string; readableByAnyone: boolean };
  /** Whether the viewer may reply here; the page shows a join prompt otherwise. */
  canReply: boolean;
  /** Whether the viewer moderates the community (may delete others' posts and read their history). */
  canModerate: boolean;
  /** Hidden by a moderator: readers other than its author and the moderators see "Hidden by a moderator". */
  hidden: boolean;
  /** Hidden and its title withheld from this viewer. */
  masked: boolean;
  /** The opening post was deleted: the title reads OPENING_DELETED_TITLE and its author is not shown. */
  openingDeleted: boolean;
  /** The title was changed at least once (its author and the moderators can read the earlier ones). */
  titleEdited: boolean;
  /** The content warnings it carries: pages fold the opening post's words until the reader opens them (ADR 39). */
  contentWarnings: string[];
  /** The warnings its community offers, for the author's and moderators' form. */
  availableWarnings: string[];
  can: Can;
  posts: Page<PostView>;
};

/** The title shown for a thread whose opening post was deleted: the title went with it. */
export const OPENING_DELETED_TITLE = "Conversation whose opening post was deleted";

/** The placeholder shown in place of hidden words. */
export const HIDDEN_PLACEHOLDER = "Hidden by a moderator";

/** Who may still read hidden words: the community's moderators, and the thread's author for a hidden thread. */
export type HiddenReaders = { moderator: boolean; ownsThread: boolean };

/**
 * The one masking rule, for titles and posts: a moderator reads everything; otherwise
 * words hidden on their own stay readable to whoever wrote them, and words in a hidden
 * thread to the thread's author too.
 */
export function masks(hidden: { own: boolean; byThread: boolean }, readers: HiddenReaders, wrote: boolean): boolean {
  if (readers.moderator) return false;
  return (hidden.own && !wrote) || (hidden.byThread && !readers.ownsThread && !wrote);
}

/** A thread's title as this viewer may read it. */
export function presentThreadTitle(thread: Pick<ThreadRow, "title" | "hidden_at" | "opening_deleted_at">, readers: HiddenReaders): { title: string; masked: boolean } {
  if (thread.opening_deleted_at !== null) return { title: OPENING_DELETED_TITLE, masked: false };
  const masked = masks({ own: thread.hidden_at !== null, byThread: false }, readers, readers.ownsThread);
  return { title: masked ? HIDDEN_PLACEHOLDER : thread.title, masked };
}

/** A thread and a page of its posts, with what the viewer may do. `audience` is the communities presenter's sentence. */
export function presentThread(
  thread: ThreadRow,
  posts: Page<PostView>,
  readers: HiddenReaders,
  allowed: Allowed,
  audience: string,
  readableByAnyone = false,
): ThreadView {
  const { title, masked } = presentThreadTitle(thread, readers);
  return {
    id: thread.id,
    title,
    language: thread.language,
    replyCount: thread.reply_count,
    createdAt: thread.created_at.toISOString(),
    community: { slug: thread.community_slug, name: thread.community_name, isDemo: thread.community_is_demo },
    space: { slug: thread.space_slug, name: thread.space_name, visibility: thread.space_visibility, audience, readableByAnyone },
    canReply: allowed.reply,
    canModerate: allowed.moderate,
    hidden: thread.hidden_at !== null,
    masked,
    openingDeleted: thread.opening_deleted_at !== null,
    titleEdited: thread.title_edited,
    // A masked thread gives away nothing about its words, its warnings included.
    contentWarnings: masked ? [] : thread.content_warnings,
    availableWarnings: [...contentWarningsOf(thread.community_charter)],
    can: {
      reply: allowed.reply,
      // The title: its author (whichever persona of theirs wrote it) and the moderators, while the opening post stands.
      edit: thread.opening_deleted_at === null && (readers.ownsThread || allowed.moderate),
      delete: false,
      moderate: allowed.moderate,
      react: allowed.reply,
    },
    posts,
  };
}

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
    title: row.opening_deleted_at !== null ? OPENING_DELETED_TITLE : row.title,
    author: row.opening_deleted_at !== null ? null : authorOf(row),
    replyCount: row.reply_count,
    createdAt: row.created_at.toISOString(),
    lastPostedAt: row.last_posted_at.toISOString(),
    hidden: row.hidden_at !== null,
    contentWarnings: row.content_warnings,
  };
}

/** `allowed` is what the viewer may do in the thread (reply, moderate); the post's own `can` follows from it. */
export function presentPost(
  row: PostRow,
  viewerPersonaIds: ReadonlySet<string>,
  readers: HiddenReaders = { moderator: false, ownsThread: false },
  allowed: Allowed = NOTHING_ALLOWED,
): PostView {
  const deleted = row.deleted_at !== null;
  const wrote = viewerPersonaIds.has(row.author_persona_id);
  const hidden = !deleted && (row.hidden_at !== null || row.thread_hidden_at !== null);
  const masked = hidden && masks({ own: row.hidden_at !== null, byThread: row.thread_hidden_at !== null }, readers, wrote);
  const reactions = Object.fromEntries(REACTION_KINDS.map((k) => [k, row.reactions[k] ?? 0])) as Record<ReactionKind, number>;
  return {
    id: row.id,
    body: masked ? "" : row.body,
    html: masked ? "" : row.html,
    language: row.language,
    author: deleted ? null : authorOf(row),
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at ? row.edited_at.toISOString() : null,
    deleted,
    notCarried: row.not_carried,
    reactions,
    myReactions: row.my_reactions,
    mine: !deleted && wrote,
    hidden,
    masked,
    // The author of a hidden post is told why, on the post itself (ADR 31); nobody else sees more than today.
    ...(wrote && !deleted && row.hidden_at !== null && row.hidden_reason ? { hiddenReason: row.hidden_reason } : {}),
    can: {
      reply: allowed.reply,
      edit: !deleted && wrote,
      delete: !deleted && (wrote || allowed.moderate),
      moderate: !deleted && allowed.moderate,
      // Hidden words take no reactions (the page has never offered them).
      react: allowed.reply && !deleted && !hidden,
    },
  };
}
