/**
 * The message catalogues: one JSON file per language in locales/, keys that say what the
 * text is for, ICU MessageFormat values. Entries whose key starts with "@@" describe the
 * file (its locale, whether it waits for review). A language without a key falls back to
 * English, so a new key never shows a reader its name; the lint keeps Welsh complete.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pseudoLocalise } from "./pseudo.ts";
import type { Locale } from "./locales.ts";

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../locales");

export type Catalogue = Record<string, string>;

/** A catalogue file's messages, without its "@@" metadata. */
export function readCatalogue(file: string): Catalogue {
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const messages: Catalogue = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith("@@")) continue;
    if (typeof value !== "string") throw new Error(`${file}: the message ${key} is not a string`);
    messages[key] = value;
  }
  return messages;
}

const cache = new Map<Locale, Catalogue>();

/** Every message a locale shows: its own, and English where it has none. */
export function messagesFor(locale: Locale): Catalogue {
  let messages = cache.get(locale);
  if (!messages) {
    // English is read once, and is what every other language falls back to.
    const english = locale === "en-GB" ? undefined : messagesFor("en-GB");
    if (!english) messages = readCatalogue(path.join(LOCALES_DIR, "en-GB.json"));
    else if (locale === "en-XA") messages = Object.fromEntries(Object.entries(english).map(([k, v]) => [k, pseudoLocalise(v)]));
    else messages = { ...english, ...readCatalogue(path.join(LOCALES_DIR, `${locale}.json`)) };
    cache.set(locale, messages);
  }
  return messages;
}
