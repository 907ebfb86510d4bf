/**
 * Marks glossary terms in a post's rendered HTML (ADR 39): the first whole-word
 * occurrence of each term becomes a link to its entry on the glossary page, described
 * (aria-describedby) by its definition, which the page lists under the post. Works on the
 * text between tags of markdown-it's output (which escapes <, >, & and " in text and
 * attributes, so a tag is always `<…>` with no `>` inside), never inside a tag, a link,
 * code or a preformatted block.
 */

import { wholeWords } from "./whole-words.ts";

export type MarkableTerm = { id: string; term: string; definition: string };

/** A whole word of escaped text: not inside a longer word, and not inside an entity (`&amp;`). */
const wholeWord = (escaped: string) => wholeWords(escaped, "iu", "&#", "|;");

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Elements whose words are left alone: a link cannot hold a link, and code is quoted exactly. */
const SKIP = new Set(["a", "code", "pre"]);

// A page marks every post with the same terms: their patterns are made once per list of terms.
const compiled = new WeakMap<readonly MarkableTerm[], { term: MarkableTerm; pattern: RegExp }[]>();
function patternsOf(terms: readonly MarkableTerm[]) {
  let found = compiled.get(terms);
  if (!found) {
    // Longest first, so "pulmonary rehabilitation" wins over "rehabilitation" where both start at one place.
    found = [...terms].sort((a, b) => b.term.length - a.term.length).map((term) => ({ term, pattern: wholeWord(escapeHtml(term.term)) }));
    compiled.set(terms, found);
  }
  return found;
}

/**
 * The HTML with terms marked, and the terms used (in order of appearance), for the
 * definitions the page shows. `hrefOf` is a term's entry; `describedBy` the id of its definition.
 */
export function markGlossaryTerms(
  html: string,
  terms: readonly MarkableTerm[],
  hrefOf: (term: MarkableTerm) => string,
  describedBy: (term: MarkableTerm) => string,
): { html: string; used: MarkableTerm[] } {
  if (terms.length === 0 || html === "") return { html, used: [] };
  const pending = [...patternsOf(terms)];
  const used: MarkableTerm[] = [];
  let skipping = 0;
  const out = html.split(/(<[^>]*>)/).map((part, i) => {
    if (i % 2 === 1) {
      const tag = /^<(\/?)([a-zA-Z0-9]+)/.exec(part);
      if (tag && SKIP.has(tag[2]!.toLowerCase()) && !part.endsWith("/>")) skipping = Math.max(0, skipping + (tag[1] ? -1 : 1));
      return part;
    }
    if (skipping > 0 || part.trim() === "") return part;
    let rest = part;
    let done = "";
    for (;;) {
      let best: { index: number; length: number; entry: (typeof pending)[number] } | null = null;
      for (const entry of pending) {
        const m = entry.pattern.exec(rest);
        if (m && (!best || m.index < best.index || (m.index === best.index && m[0].length > best.length))) best = { index: m.index, length: m[0].length, entry };
      }
      if (!best) break;
      const { term } = best.entry;
      const word = rest.slice(best.index, best.index + best.length);
      done += `${rest.slice(0, best.index)}<a href="${escapeHtml(hrefOf(term))}" class="glossary-term" aria-describedby="${escapeHtml(describedBy(term))}">${word}</a>`;
      rest = rest.slice(best.index + best.length);
      used.push(term);
      pending.splice(pending.indexOf(best.entry), 1);
    }
    return done + rest;
  });
  return { html: out.join(""), used };
}
