/**
 * A catalogue message with components in it (a persona's badge, a link): the translator
 * puts each part's place where the language wants it, and the page fills it in, so the
 * word order is the translation's, never the page's.
 */
import type { ComponentChildren } from "preact";
import type { MessageValues } from "../shared/i18n/message.ts";
import type { Translator } from "../shared/i18n/translator.ts";

const OPEN = "\uE000";
const CLOSE = "\uE001";
const SLOT = /\uE000(\w+)\uE001/;

/** The message `key` with `values` said as text and `parts` put in as they are. */
export function withParts(t: Translator, key: string, values: MessageValues, parts: Record<string, ComponentChildren>): ComponentChildren[] {
  const slots = Object.fromEntries(Object.keys(parts).map((name) => [name, `${OPEN}${name}${CLOSE}`]));
  const pieces = t.text(key, { ...values, ...slots }).split(SLOT);
  // split with a capture group: even indices are text, odd ones the names of the parts between them.
  return pieces.map((piece, i) => (i % 2 === 1 ? parts[piece] : piece)).filter((piece) => piece !== "");
}
