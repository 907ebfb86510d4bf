/**
 * The languages posts can be written in (issue 9), by their ISO 639-1 code, each with the
 * PostgreSQL text-search configuration that indexes it: a stemming one where PostgreSQL has
 * it (in PostgreSQL 15 and in PGlite alike), 'simple' (word for word) where it has none, as
 * for Welsh. Named to readers through Intl.DisplayNames, in their own language.
 */
import type { Locale } from "./i18n/locales.ts";

const SEARCH_CONFIGS = {
  en: "english", cy: "simple", ar: "arabic", ga: "irish", gd: "simple", fr: "french", de: "german",
  es: "spanish", it: "italian", pt: "portuguese", nl: "dutch", pl: "simple", ro: "romanian",
  ru: "russian", uk: "simple", tr: "turkish", el: "greek", hi: "hindi", ur: "simple", bn: "simple",
  pa: "simple", gu: "simple", ta: "tamil", ne: "nepali", so: "simple", zh: "simple", da: "danish",
  sv: "swedish", no: "norwegian", fi: "finnish", hu: "hungarian", lt: "lithuanian", sr: "serbian",
  id: "indonesian", ca: "catalan", eu: "basque", hy: "armenian", yi: "yiddish",
} as const satisfies Record<string, string>;

export type ContentLanguage = keyof typeof SEARCH_CONFIGS;

export const CONTENT_LANGUAGES = Object.keys(SEARCH_CONFIGS) as ContentLanguage[];

export const isContentLanguage = (code: unknown): code is ContentLanguage => typeof code === "string" && Object.hasOwn(SEARCH_CONFIGS, code);

/** The configuration a post's words are indexed with; English for one whose language was never recorded (as before it was). */
export const searchConfigOf = (language: ContentLanguage | null): string => (language ? SEARCH_CONFIGS[language] : "english");

/** The language someone reading Hearth in `locale` most likely writes in (en-GB and the pseudo-locale: English). */
export const contentLanguageOf = (locale: Locale): ContentLanguage => {
  const language = locale.split("-")[0]!.toLowerCase();
  return isContentLanguage(language) ? language : "en";
};

/** What is written says its language; a client that does not say writes in the language Hearth reads in for the writer. */
export function withLanguage<T extends { language?: string }>(input: T, readerLocale: Locale): T & { language: string } {
  return { ...input, language: input.language ?? contentLanguageOf(readerLocale) };
}
