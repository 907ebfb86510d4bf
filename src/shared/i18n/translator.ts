/**
 * Puts messages into words for one reader: ICU MessageFormat through @formatjs/intl (plural
 * rules of each language, Welsh's six forms included), and dates, numbers and lists
 * through Intl in the reader's locale. One translator per locale, made once.
 */
import { createIntl, createIntlCache, type IntlShape } from "@formatjs/intl";
import { messagesFor } from "./catalogue.ts";
import { DEFAULT_LOCALE, directionOf, type Locale } from "./locales.ts";
import { isMessage, type MessageValues, type Said } from "./message.ts";

export type Translator = {
  readonly locale: Locale;
  readonly dir: "ltr" | "rtl";
  /** A catalogue message in this language; a plain string (text not yet in the catalogues) as it is. */
  say(said: Said): string;
  text(key: string, values?: MessageValues): string;
  date(value: Date, options?: Intl.DateTimeFormatOptions): string;
  number(value: number): string;
  list(items: string[]): string;
};

const cache = createIntlCache();
const translators = new Map<Locale, Translator>();

/** Intl's own name for the locale: the pseudo-locale formats dates and numbers as British English. */
const intlLocale = (locale: Locale) => (locale === "en-XA" ? "en-GB" : locale);

export function translatorFor(locale: Locale): Translator {
  let translator = translators.get(locale);
  if (translator) return translator;
  const messages = messagesFor(locale);
  const intl: IntlShape<string> = createIntl(
    { locale: intlLocale(locale), defaultLocale: "en-GB", messages, onError: () => {} },
    cache,
  );
  const text = (key: string, values?: MessageValues): string => {
    if (!(key in messages)) return key; // the lint fails on a key missing from English; never throw at a reader
    const said = values && Object.fromEntries(Object.entries(values).map(([name, value]) => [name, isMessage(value) ? text(value.key, value.values) : value]));
    return intl.formatMessage({ id: key }, said) as string;
  };
  translator = {
    locale,
    dir: directionOf(locale),
    text,
    say: (said) => (isMessage(said) ? text(said.key, said.values) : said),
    date: (value, options = { dateStyle: "medium" }) => intl.formatDate(value, options),
    number: (value) => intl.formatNumber(value),
    list: (items) => intl.formatList(items, { type: "conjunction" }) as string,
  };
  translators.set(locale, translator);
  return translator;
}

/** English: for logs, and for code that has no reader (the CLI). */
export const english = (): Translator => translatorFor(DEFAULT_LOCALE);
