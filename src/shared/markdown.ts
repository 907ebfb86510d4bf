/**
 * Renders what members write. Raw HTML is escaped, links are limited to http(s) and
 * mailto and marked rel="nofollow ugc noopener", and images become plain links so a
 * post cannot make a reader's browser call a third party.
 */
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

const SAFE_LINK = /^(https?:|mailto:)/i;
// Besides http(s) and mailto, links within this site ("/c/...", "#post-...") are fine;
// "//host/..." is another site in disguise, so it is not.
md.validateLink = (url) => SAFE_LINK.test(url.trim()) || /^(\/(?![/\\])|#)/.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  token.attrSet("rel", "nofollow ugc noopener");
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx]!;
  const src = String(token.attrGet("src") ?? "");
  const alt = md.utils.escapeHtml(String(token.content || src));
  if (!SAFE_LINK.test(src)) return alt;
  return `<a href="${md.utils.escapeHtml(src)}" rel="nofollow ugc noopener">${alt}</a>`;
};

/** Turns a post's Markdown into HTML that is safe to put in a page as it is. */
export function renderMarkdown(body: string): string {
  return md.render(body);
}

/**
 * Where the links in a body point, as the renderer sees them: written links and bare
 * web addresses, but nothing inside code and no link the renderer refuses.
 * (Mentions are links to "/personas/<id>"; see src/notifications/mentions.ts.)
 */
export function linkTargets(body: string): string[] {
  const targets: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const token of tokens) {
      if (token.type === "link_open") {
        const href = token.attrGet("href");
        if (href) targets.push(String(href));
      }
      if (token.children) walk(token.children);
    }
  };
  walk(md.parse(body, {}));
  return targets;
}
