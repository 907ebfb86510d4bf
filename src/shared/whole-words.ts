/**
 * Finding a word or phrase only where it stands alone — not inside a longer word (letters,
 * digits, apostrophes and hyphens join words) — for crisis language (condition-content.ts)
 * and glossary terms (glossary-marks.ts). `joinsBefore`/`endsAfter` add what else may not
 * touch it (in escaped HTML, `&#` before and `;` after: the inside of an entity).
 */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function wholeWords(text: string, flags: string, joinsBefore = "", endsAfter = ""): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}'${joinsBefore}-])${escapeRegExp(text)}(?![\\p{L}\\p{N}'-]${endsAfter})`, flags);
}
