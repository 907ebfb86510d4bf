/**
 * The en-XA pseudo-locale: English with accented letters, lengthened by about a third and
 * bracketed, so a developer sees at a glance which text did not come from a catalogue
 * (it stays plain) and which layouts break when a translation runs long. Only the words
 * change: placeholders, plurals and tags keep their ICU structure.
 */
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { printAST } from "@formatjs/icu-messageformat-parser/printer.js";

const ACCENTED: Record<string, string> = {
  a: "á", b: "ƀ", c: "ç", d: "ð", e: "é", f: "ƒ", g: "ĝ", h: "ĥ", i: "í", j: "ĵ", k: "ķ", l: "ļ", m: "ɱ",
  n: "ñ", o: "ó", p: "þ", r: "ŕ", s: "š", t: "ţ", u: "ú", w: "ŵ", y: "ý", z: "ž",
  A: "Á", C: "Ç", D: "Ð", E: "É", G: "Ĝ", H: "Ĥ", I: "Í", L: "Ļ", N: "Ñ", O: "Ó", R: "Ŕ", S: "Š", T: "Ţ", U: "Ú", Y: "Ý", Z: "Ž",
};

const accent = (text: string) => text.replace(/[A-Za-z]/g, (c) => ACCENTED[c] ?? c);
// Doubling a, e and o lengthens English by roughly a third, as many translations are.
const lengthen = (text: string) => text.replace(/[aeoAEO]/g, (v) => v + v.toLowerCase());

function transform(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    if (element.type === TYPE.literal) return { ...element, value: accent(lengthen(element.value)) };
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      const options = Object.fromEntries(Object.entries(element.options).map(([k, o]) => [k, { ...o, value: transform(o.value) }]));
      return { ...element, options } as MessageFormatElement;
    }
    if (element.type === TYPE.tag) return { ...element, children: transform(element.children) };
    return element;
  });
}

export function pseudoLocalise(message: string): string {
  return `[${printAST(transform(parse(message)))}]`;
}
