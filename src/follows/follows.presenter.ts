/**
 * The shapes in which follows and bookmarks leave the server: to their own account only.
 * A followed persona appears as its public persona view, nothing of the account behind it.
 */
import { presentPersona, type PersonaView } from "../personas/persona.presenter.ts";
import type { BookmarkRow, FollowRow } from "./follows.repo.ts";

type CommunityRef = { slug: string; name: string };

export type FollowView =
  | { id: string; type: "thread"; thread: { id: string; title: string }; community: CommunityRef; createdAt: string }
  | { id: string; type: "space"; space: { slug: string; name: string }; community: CommunityRef; createdAt: string }
  | { id: string; type: "persona"; persona: PersonaView; createdAt: string };

export type BookmarkView = { id: string; type: "thread" | "post"; thread: { id: string; title: string }; postId: string | null; community: CommunityRef; createdAt: string };

/** Whether the viewer follows something, and what they may do about it (pages never decide it themselves). */
export type FollowState = { following: boolean; can: { follow: boolean } };

export function presentFollow(row: FollowRow): FollowView {
  const createdAt = row.created_at.toISOString();
  if (row.persona) return { id: row.id, type: "persona", persona: presentPersona(row.persona), createdAt };
  const community = { slug: row.community_slug!, name: row.community_name! };
  if (row.thread_id) return { id: row.id, type: "thread", thread: { id: row.thread_id, title: row.thread_title ?? "" }, community, createdAt };
  return { id: row.id, type: "space", space: { slug: row.space_slug!, name: row.space_name! }, community, createdAt };
}

export function presentBookmark(row: BookmarkRow): BookmarkView {
  return {
    id: row.id,
    type: row.post_id ? "post" : "thread",
    thread: { id: row.thread_id, title: row.thread_title },
    postId: row.post_id,
    community: { slug: row.community_slug, name: row.community_name },
    createdAt: row.created_at.toISOString(),
  };
}
