/** Search: what the viewer may read that matches their words. */
import type { Db } from "../db/connection.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { PersonaView } from "../personas/persona.presenter.ts";
import { authorOf } from "../discussion/discussion.presenter.ts";
import { invalid } from "../shared/errors.ts";
import type { Viewer } from "../shared/viewer.ts";
import { MATCH_END, MATCH_START, searchReadable, type SearchRow } from "./search.repo.ts";
import { LIMITS } from "../shared/limits.ts";
import { checkSafeText } from "../shared/text.ts";

export type SearchHitView = {
  type: "thread" | "post";
  threadId: string;
  postId: string | null;
  title: string;
  /** Plain text around the match. */
  snippet: string;
  /** The same, escaped, with matches in <mark>. */
  snippetHtml: string;
  author: PersonaView;
  community: { slug: string; name: string };
  space: { slug: string; name: string };
  createdAt: string;
};

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function presentHit(row: SearchRow): SearchHitView {
  const raw = row.snippet;
  return {
    type: row.type,
    threadId: row.thread_id,
    postId: row.post_id,
    title: row.title,
    snippet: raw.replaceAll(MATCH_START, "").replaceAll(MATCH_END, ""),
    snippetHtml: escapeHtml(raw).replaceAll(MATCH_START, "<mark>").replaceAll(MATCH_END, "</mark>"),
    author: authorOf(row),
    community: { slug: row.community_slug, name: row.community_name },
    space: { slug: row.space_slug, name: row.space_name },
    createdAt: row.created_at.toISOString(),
  };
}

function decodeOffset(cursor?: string): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text) || n > 10_000) throw invalid("cursor", "is not a cursor this server gave out; start again without it");
  return n;
}

export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly communities: CommunitiesService,
  ) {}

  async search(viewer: Viewer, input: { q: string; community?: string; cursor?: string; limit?: number }) {
    const q = checkSafeText("q", input.q).trim();
    if (!q) throw invalid("q", "type a word or two to search for");
    if (q.length > LIMITS.searchQuery) throw invalid("q", `keep the search under ${LIMITS.searchQuery} characters`);
    if (input.community) await this.communities.access(viewer, input.community);
    const limit = input.limit ?? 20;
    const offset = decodeOffset(input.cursor);
    const rows = await searchReadable(this.db, viewer, q, input.community ?? null, offset, limit);
    const more = rows.length > limit;
    return {
      items: rows.slice(0, limit).map(presentHit),
      nextCursor: more ? Buffer.from(String(offset + limit)).toString("base64url") : null,
    };
  }
}
