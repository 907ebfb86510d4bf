/**
 * The language a mail is written in. Nobody reads a mail in a browser that says which
 * language it wants, so it is the recipient's own choice on their account, else (for a mail
 * about a community) the community's default language, else the server's HEARTH_LOCALE.
 */
import { isLocale, type Locale } from "../shared/i18n/locales.ts";
import { translatorFor, type Translator } from "../shared/i18n/translator.ts";

/** The translator for the first of `choices` that is a language Hearth has; `server` when none is. */
export function mailTranslator(server: Locale, ...choices: (string | null | undefined)[]): Translator {
  return translatorFor(choices.find(isLocale) ?? server);
}
