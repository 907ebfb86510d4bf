import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { segmentsToHtml, snippetSegments } from "./search.presenter.ts";
import { MATCH_END, MATCH_START } from "./search.repo.ts";

const marked = (s: string) => s.replaceAll("[", MATCH_START).replaceAll("]", MATCH_END);

describe("search presenter", () => {
  it("cuts a highlighted snippet into plain and matched segments", () => {
    expect(snippetSegments(marked("I tried [pacing] and [rest] today"))).toEqual([
      { text: "I tried ", match: false },
      { text: "pacing", match: true },
      { text: " and ", match: false },
      { text: "rest", match: true },
      { text: " today", match: false },
    ]);
    expect(snippetSegments("")).toEqual([]);
    expect(snippetSegments(marked("[all]"))).toEqual([{ text: "all", match: true }]);
  });

  it("never lets a stray marker reach the text", () => {
    const segments = snippetSegments(marked("a ] b [c"));
    expect(segments.map((s) => s.text).join("")).toBe("a  b c");
    expect(segments.some((s) => /[\u0001\u0002]/.test(s.text))).toBe(false);
  });

  it("renders segments as HTML with every character of member text escaped", () => {
    const html = segmentsToHtml([
      { text: `<script>alert(1)</script> & "it's" `, match: false },
      { text: "<b>", match: true },
    ]);
    expect(html).toBe("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;it&#39;s&quot; <mark>&lt;b&gt;</mark>");
  });

  it("leaves no raw-HTML insertion in the search pages", () => {
    const folder = join(import.meta.dirname, ".");
    const sources = readdirSync(folder).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"));
    expect(sources).toContain("search.page.tsx");
    for (const file of sources) expect(readFileSync(join(folder, file), "utf8"), file).not.toContain("dangerouslySetInnerHTML");
  });
});
