import { describe, expect, it } from "vitest";
import { choosePath, chooseSearchPaths } from "./search-paths.ts";

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
});
