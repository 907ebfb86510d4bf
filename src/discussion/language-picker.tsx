/**
 * The choice of what language a post is written in (issue 9): a plain select, so it works
 * without JavaScript. It starts on the language Hearth reads in for the writer, and names
 * every language in the reader's own (Intl.DisplayNames: "Ffrangeg" for a Welsh reader).
 */
import { contentLanguageOf, CONTENT_LANGUAGES, isContentLanguage, type ContentLanguage } from "../shared/content-languages.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { FieldError, FieldHint } from "../web/components.tsx";
import { useT } from "../web/i18n.ts";

const namers = new Map<string, Intl.DisplayNames>();

/** The languages, named in the reader's language, the reader's own first and the rest by name. */
function namedLanguages(t: Translator): { code: ContentLanguage; name: string }[] {
  const locale = t.locale === "en-XA" ? "en-GB" : t.locale;
  let namer = namers.get(locale);
  if (!namer) namers.set(locale, (namer = new Intl.DisplayNames([locale], { type: "language", fallback: "code" })));
  const own = contentLanguageOf(t.locale);
  const named = CONTENT_LANGUAGES.map((code) => ({ code, name: namer.of(code) ?? code }));
  const collator = new Intl.Collator(locale);
  return named.sort((a, b) => Number(b.code === own) - Number(a.code === own) || collator.compare(a.name, b.name));
}

export function LanguagePicker({ selected, error }: { selected?: string | null; error?: string }) {
  const t = useT();
  const chosen = isContentLanguage(selected) ? selected : contentLanguageOf(t.locale);
  const id = "field-language";
  return (
    <div class={`field${error ? " field-error" : ""}`}>
      <label for={id}>{t.text("discussion.language")}</label>
      <FieldHint id={id} hint={t.text("discussion.languageHint")} />
      <FieldError id={id} error={error} />
      <select id={id} name="language" aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={error ? "true" : undefined}>
        {namedLanguages(t).map(({ code, name }) => (
          <option value={code} selected={code === chosen}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
