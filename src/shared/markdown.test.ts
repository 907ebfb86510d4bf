import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown.ts";

describe("rendering what members write", () => {
  it("renders everyday Markdown: emphasis, lists, line breaks and code", () => {
    expect(renderMarkdown("**bold** and _gentle_")).toBe("<p><strong>bold</strong> and <em>gentle</em></p>\n");
    expect(renderMarkdown("- one\n- two")).toBe("<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
    expect(renderMarkdown("line one\nline two")).toBe("<p>line one<br>\nline two</p>\n");
    expect(renderMarkdown("`<script>`")).toBe("<p><code>&lt;script&gt;</code></p>\n");
  });

  it.each([
    ["a script tag", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["an image with an onerror handler", '<img src=x onerror="alert(1)">', "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"],
    ["an HTML link", '<a href="javascript:alert(1)">x</a>', "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;"],
    ["an iframe", '<iframe src="/c/x"></iframe>', "&lt;iframe src=&quot;/c/x&quot;&gt;&lt;/iframe&gt;"],
  ])("shows %s as text, never as HTML", (_what, input, shown) => {
    const html = renderMarkdown(input);
    expect(html).toBe(`<p>${shown}</p>\n`);
  });

  it("still links a web address written inside HTML it shows as text", () => {
    expect(renderMarkdown('<iframe src="https://example.org/x"></iframe>')).toBe(
      '<p>&lt;iframe src=&quot;<a href="https://example.org/x" rel="nofollow ugc noopener">https://example.org/x</a>&quot;&gt;&lt;/iframe&gt;</p>\n',
    );
  });

  it.each([
    ["javascript:", "[tap me](javascript:alert(1))"],
    ["JavaScript: in mixed case", "[tap me](JaVaScRiPt:alert(1))"],
    ["javascript: after spaces", "[tap me](  javascript:alert(1))"],
    ["vbscript:", "[tap me](vbscript:msgbox(1))"],
    ["data:", "[tap me](data:text/html;base64,PHNjcmlwdD4=)"],
    ["file:", "[tap me](file:///etc/passwd)"],
  ])("makes no link of a %s address", (_what, input) => {
    const html = renderMarkdown(input);
    expect(html).not.toContain("<a ");
    expect(html).not.toContain("href");
  });

  it("keeps web, mail and same-site links, marked as user content that passes no reputation", () => {
    for (const [input, href] of [
      ["[NHS](https://www.nhs.uk/conditions/copd/)", "https://www.nhs.uk/conditions/copd/"],
      ["[plain](http://example.org)", "http://example.org"],
      ["[write](mailto:help@example.org)", "mailto:help@example.org"],
      ["[our charter](/c/breathe)", "/c/breathe"],
      ["[top](#top)", "#top"],
    ]) {
      expect(renderMarkdown(input!)).toContain(`<a href="${href}" rel="nofollow ugc noopener">`);
    }
  });

  it("turns bare web addresses into links", () => {
    expect(renderMarkdown("see https://www.nhs.uk/conditions")).toBe(
      '<p>see <a href="https://www.nhs.uk/conditions" rel="nofollow ugc noopener">https://www.nhs.uk/conditions</a></p>\n',
    );
  });

  it("shows an image as a link to it, so reading a post never makes the browser fetch from elsewhere", () => {
    expect(renderMarkdown("![my inhaler](https://example.org/inhaler.png)")).toBe(
      '<p><a href="https://example.org/inhaler.png" rel="nofollow ugc noopener">my inhaler</a></p>\n',
    );
    expect(renderMarkdown("![x](data:image/png;base64,AAAA)")).not.toMatch(/<img|<a /);
  });

  it("cannot be made to break out of an attribute", () => {
    expect(renderMarkdown('![x" onerror="alert(1)](https://example.org/a.png)')).toBe(
      '<p><a href="https://example.org/a.png" rel="nofollow ugc noopener">x&quot; onerror=&quot;alert(1)</a></p>\n',
    );
    expect(renderMarkdown('[x](https://example.org/"onmouseover="alert(1))')).toBe(
      '<p><a href="https://example.org/%22onmouseover=%22alert(1)" rel="nofollow ugc noopener">x</a></p>\n',
    );
  });
});
