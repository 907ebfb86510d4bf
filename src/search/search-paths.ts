/**
 * How search finds its candidates (ADR 0033), decided per query from a cheap probe rather
 * than left to the planner, whose statistics for a word in a few posts out of a million
 * are a guess (issue 10: at a million posts it once walked the whole recency index for the
 * rare word `zephyrine`, p50 487 ms).
 *
 * - "recent": read newest first through posts_recent_idx / threads_recent_idx and stop after
 *   SEARCH_CANDIDATES matches: about SEARCH_CANDIDATES ÷ (share of rows that match) rows.
 * - "index": read all the word's matches from the GIN index, then sort them by date: about
 *   (rows in the table × share of rows that match) rows.
 *
 * The probe gives the share: how many of the newest SEARCH_PROBE rows match (and may be read).
 */

/**
 * How many of the newest matches of each kind (thread titles, post bodies) are ranked by
 * relevance (ADR 0033). A word common among recent posts is read newest first and stops after
 * this many rows of the (created_at desc, id desc) indexes that match; a rare word is read from
 * the GIN index and its few matches sorted (chooseSearchPaths below decides); either way the work is
 * bounded by this or by the word's few matches, not by how many posts there are. Pages beyond
 * 2 × SEARCH_CANDIDATES hits are empty.
 */
export const SEARCH_CANDIDATES = 500;

export type SearchPath = "recent" | "index";
export type SearchPaths = { threads: SearchPath; posts: SearchPath };

/** What the probe found for one kind of row (thread titles or post bodies). */
export type ProbeCount = {
  /** Readable matches among the newest SEARCH_PROBE rows. */
  matches: number;
  /** Rows in the table, as the database last estimated them (pg_class.reltuples; -1 when never estimated). */
  rows: number;
};
export type RecentMatches = { threads: ProbeCount; posts: ProbeCount };

/** How many of the newest rows of each kind the probe looks at (one short read of each recency index). */
export const SEARCH_PROBE = 400;

/**
 * What one match read from the GIN index and sorted costs, in rows walked newest first
 * (each of those is one index entry, one heap row and one tsvector test). Measured at a
 * million posts on PostgreSQL (EXPLAIN ANALYZE, bench/RESULTS-size-postgres.md): about
 * 2.5 µs per match against 1.3 µs per row walked, so the two meet near 1.6 % of posts.
 */
export const INDEX_MATCH_COST = 2;

/** The cheaper path for one kind of row, by the estimates above. */
export function choosePath({ matches, rows }: ProbeCount): SearchPath {
  if (matches <= 0) return "index";
  const share = Math.min(1, matches / SEARCH_PROBE);
  // A table never estimated (PGlite without ANALYZE) is taken as no larger than the probe:
  // then only a word in most recent rows is walked for, as the planner itself would guess.
  const tableRows = Math.max(rows, SEARCH_PROBE);
  const walked = SEARCH_CANDIDATES / share;
  const fromIndex = tableRows * share * INDEX_MATCH_COST;
  return walked <= fromIndex ? "recent" : "index";
}

/** The path for thread titles and for post bodies, each from its own count. */
export function chooseSearchPaths(counts: RecentMatches): SearchPaths {
  return { threads: choosePath(counts.threads), posts: choosePath(counts.posts) };
}
