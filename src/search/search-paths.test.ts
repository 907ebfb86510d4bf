import { describe, expect, it } from "vitest";
import { choosePath, choosePathWithWindow, chooseSearchPaths, windowFor, WINDOW_MATCHES } from "./search-paths.ts";

const MILLION = 1_000_000;

describe("choosing how search reads its candidates", () => {
  it("reads a word no recent post has from the GIN index, however large the table", () => {
    expect(choosePath({ matches: 0, rows: MILLION })).toBe("index");
    expect(choosePath({ matches: 0, rows: 100 * MILLION })).toBe("index");
  });

  it("walks newest first for a word in a third of recent posts (kettle at a million posts)", () => {
    expect(choosePath({ matches: 145, rows: MILLION })).toBe("recent");
  });

  it("reads a word in one recent post of 400 from the index at a million posts", () => {
    expect(choosePath({ matches: 1, rows: MILLION })).toBe("index");
  });

  it("moves to the walk where it becomes the cheaper: near 1.6 % of posts at a million, 5 % at 100,000", () => {
    expect(choosePath({ matches: 6, rows: MILLION })).toBe("index");
    expect(choosePath({ matches: 7, rows: MILLION })).toBe("recent");
    expect(choosePath({ matches: 19, rows: 100_000 })).toBe("index");
    expect(choosePath({ matches: 20, rows: 100_000 })).toBe("recent");
  });

  it("walks for fewer matches as the table grows, since the index then returns more", () => {
    expect(choosePath({ matches: 3, rows: MILLION })).toBe("index");
    expect(choosePath({ matches: 3, rows: 10 * MILLION })).toBe("recent");
  });

  it("takes a table never estimated as small, so only a word in most recent rows is walked for", () => {
    expect(choosePath({ matches: 200, rows: -1 })).toBe("index");
    expect(choosePath({ matches: 400, rows: -1 })).toBe("recent");
  });

  it("chooses for titles and bodies each from its own count", () => {
    expect(chooseSearchPaths({ threads: { matches: 1, rows: 50_000 }, posts: { matches: 200, rows: MILLION } })).toEqual({ threads: "index", posts: "recent" });
  });

  // A histogram of creation dates as ANALYZE leaves it: 100 steps, oldest first, one a day.
  const histogram = (steps = 100) => Array.from({ length: steps + 1 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)));

  it("reads a word in between through a window of the newest rows, sized to hold about WINDOW_MATCHES of its matches", () => {
    const dates = histogram();
    // 5 of the newest 400 posts (1.25 %): 80,000 rows should hold 1,000 matches; steps are 10,000 rows.
    const path = choosePathWithWindow({ matches: 5, rows: MILLION, dates });
    expect(path).toEqual({ index: "since", since: dates[100 - 8] });
    expect(windowFor({ matches: 5, rows: MILLION, dates })!.rows * (5 / 400)).toBeGreaterThanOrEqual(WINDOW_MATCHES);
    // 2 % (quincetwo at a million posts, which walked 20,000 rows in 32 ms): a window too.
    expect(choosePathWithWindow({ matches: 8, rows: MILLION, dates })).toMatchObject({ index: "since" });
  });

  it("keeps the plain ways where they are cheaper: a rare word from the index, a common one walked", () => {
    const dates = histogram();
    expect(choosePathWithWindow({ matches: 0, rows: MILLION, dates })).toBe("index");
    expect(choosePathWithWindow({ matches: 1, rows: MILLION, dates })).toBe("index");
    expect(choosePathWithWindow({ matches: 145, rows: MILLION, dates })).toBe("recent");
    expect(choosePathWithWindow({ matches: 32, rows: MILLION, dates })).toBe("recent");
  });

  it("has no window without a histogram (PGlite before its first ANALYZE), or when it would cover most of the table", () => {
    expect(choosePathWithWindow({ matches: 5, rows: MILLION })).toBe(choosePath({ matches: 5, rows: MILLION }));
    expect(windowFor({ matches: 5, rows: MILLION, dates: [] })).toBeNull();
    expect(windowFor({ matches: 1, rows: 100_000, dates: histogram() })).toBeNull();
  });
});
