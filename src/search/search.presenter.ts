/**
 * How a search hit leaves the server. The snippet is a list of segments, each marked as
 * a match or not, so a page renders it with Preact (which escapes) and never inserts HTML.
 */
import type { PersonaView } from "../personas/persona.presenter.ts";
import { authorOf, OPENING_DELETED_TITLE } from "../discussion/discussion.presenter.ts";
import { MATCH_END, MATCH_START, type SearchRow } from "./search.repo.ts";

/** A piece of the snippet: plain text, and whether it is one of the words searched for. */
export type SnippetSegment = { text: string; match: boolean };

export type SearchHitView = {
  type: "thread" | "post";
  threadId: string;
  postId: string | null;
  title: string;
  /** Plain text around the match. */
  snippet: string;
  /** The same text cut into segments, with the matched words marked. */
  segments: SnippetSegment[];
  /** The segments as HTML for API clients: text escaped, matches in <mark>. Pages use `segments`. */
  snippetHtml: string;
  author: PersonaView;
  community: { slug: string; name: string };
  space: { slug: string; name: string };
  createdAt: string;
};

/**
 * Cuts a ts_headline result into segments at the match markers the repo asked for.
 * Empty pieces are dropped; a stray marker never opens a match that is not closed.
 */
export function snippetSegments(raw: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  for (const [i, outside] of raw.split(MATCH_START).entries()) {
    // Everything before the first MATCH_START is outside any match.
    const [inside, after] = i === 0 ? [null, outside] : splitOnce(outside, MATCH_END);
    if (inside) segments.push({ text: inside, match: true });
    if (after) segments.push({ text: after.replaceAll(MATCH_END, ""), match: false });
  }
  return segments.filter((s) => s.text !== "");
}

function splitOnce(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker);
  return at === -1 ? [text, ""] : [text.slice(0, at), text.slice(at + marker.length)];
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** The segments as HTML: every character of member text escaped, the only markup `<mark>`. */
export function segmentsToHtml(segments: SnippetSegment[]): string {
  return segments
    .map(({ text, match }) => {
      const safe = text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
      return match ? `<mark>${safe}</mark>` : safe;
    })
    .join("");
}

/** A search row as the viewer sees it. */
export function presentHit(row: SearchRow): SearchHitView {
  const segments = snippetSegments(row.snippet);
  return {
    type: row.type,
    threadId: row.thread_id,
    postId: row.post_id,
    // A reply in a thread whose opening post was deleted: the title went with that post (the SQL sends none).
    title: row.title || OPENING_DELETED_TITLE,
    snippet: segments.map((s) => s.text).join(""),
    segments,
    snippetHtml: segmentsToHtml(segments),
    author: authorOf(row),
    community: { slug: row.community_slug, name: row.community_name },
    space: { slug: row.space_slug, name: row.space_name },
    createdAt: row.created_at.toISOString(),
  };
}
