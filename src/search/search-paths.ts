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
 * - "index" since a date: the same, but first only the matches in a window of the newest rows
 *   (the GIN index and a BRIN range as one bitmap), for a word in between (choosePathWithWindow).
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

/**
 * "recent", or "index" — which with `since` first reads only the matches written since then
 * (a bitmap of the GIN index and the recency index together, so only those few rows are
 * fetched) and reads the older ones only when those were fewer than SEARCH_CANDIDATES: the
 * result is the same, the cost of a word in between bounded (see chooseWindow).
 */
export type SearchPath = "recent" | "index" | { index: "since"; since: Date };
export type SearchPaths = { threads: SearchPath; posts: SearchPath };

/** What the probe found for one kind of row (thread titles or post bodies). */
export type ProbeCount = {
  /** Readable matches among the newest SEARCH_PROBE rows. */
  matches: number;
  /** Rows in the table, as the database last estimated them (pg_class.reltuples; -1 when never estimated). */
  rows: number;
  /**
   * The table's creation dates at equal steps of its rows, oldest first (pg_stats'
   * histogram_bounds, from the last ANALYZE; empty when never analysed).
   */
  dates?: Date[];
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

/**
 * How many matches a window is sized to hold: with the probe's share of matching rows, the
 * window reaches back far enough for about this many, so that SEARCH_CANDIDATES readable
 * ones are found in it nearly always (and the older rows are read only when they are not).
 */
export const WINDOW_MATCHES = 2 * SEARCH_CANDIDATES;

/**
 * What reading through a window costs, in rows walked newest first (measured at a million
 * posts on PostgreSQL, EXPLAIN ANALYZE, bench/RESULTS-size-postgres.md): each of the word's
 * entries in the GIN index about a quarter of a row walked (the bitmap is built from all of
 * them), each row of the window a twentieth (a BRIN range of pages, intersected with that
 * bitmap), and each match fetched from the table INDEX_MATCH_COST.
 */
export const GIN_ENTRY_COST = 0.25;
export const WINDOW_ROW_COST = 0.05;

/**
 * Where a window over the GIN path would start, and how many rows it would cover; null
 * without a histogram of creation dates (PGlite before its first ANALYZE), for a word no
 * recent row has, or when the window would cover most of the table anyway.
 */
export function windowFor({ matches, rows, dates = [] }: ProbeCount): { since: Date; rows: number } | null {
  const steps = dates.length - 1;
  if (matches <= 0 || steps < 2 || rows <= 0) return null;
  const share = Math.min(1, matches / SEARCH_PROBE);
  const rowsPerStep = rows / steps;
  const stepsBack = Math.ceil(WINDOW_MATCHES / share / rowsPerStep);
  if (stepsBack > steps / 2) return null;
  return { since: dates[steps - stepsBack]!, rows: stepsBack * rowsPerStep };
}

/**
 * The cheapest of the three ways for one kind of row. A word in between — in 0.5–4 % of a
 * million posts — cost 30–60 ms on either plain way (issue 10): the walk reads
 * ~SEARCH_CANDIDATES ÷ share rows, the GIN index fetches every match. Reading the GIN index
 * together with a BRIN range of the newest rows (migration 0021) fetches only the matches in
 * that range, sized from the probe's share to hold about WINDOW_MATCHES of them.
 */
export function choosePathWithWindow(count: ProbeCount): SearchPath {
  const path = choosePath(count);
  const window = windowFor(count);
  if (!window) return path;
  const share = Math.min(1, count.matches / SEARCH_PROBE);
  const entries = Math.max(count.rows, SEARCH_PROBE) * share;
  const walked = SEARCH_CANDIDATES / share;
  const fromIndex = entries * INDEX_MATCH_COST;
  const throughWindow = entries * GIN_ENTRY_COST + window.rows * WINDOW_ROW_COST + WINDOW_MATCHES * INDEX_MATCH_COST;
  return throughWindow < Math.min(walked, fromIndex) ? { index: "since", since: window.since } : path;
}

/** The path for thread titles and for post bodies, each from its own count. */
export function chooseSearchPaths(counts: RecentMatches): SearchPaths {
  return { threads: choosePathWithWindow(counts.threads), posts: choosePathWithWindow(counts.posts) };
}
