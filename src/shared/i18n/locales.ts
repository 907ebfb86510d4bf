/**
 * The languages Hearth's pages come in, and how a reader's language is chosen from what
 * their browser asks for. en-XA is a pseudo-locale for developers (accented, lengthened
 * English that shows untranslated text at a glance); it is chosen only by name.
 */
export const LOCALES = ["en-GB", "cy", "ar", "en-XA"] as const;
export type Locale = (typeof LOCALES)[number];

/** The languages a person or a community can choose (not the pseudo-locale). */
export const CHOOSABLE_LOCALES = ["en-GB", "cy", "ar"] as const satisfies readonly Locale[];
export type ChoosableLocale = (typeof CHOOSABLE_LOCALES)[number];

/** The languages offered in the footer, each named in itself. */
export const OFFERED_LOCALES: readonly { locale: ChoosableLocale; name: string }[] = [
  { locale: "en-GB", name: "English" },
  { locale: "cy", name: "Cymraeg" },
  { locale: "ar", name: "العربية" },
];

export const DEFAULT_LOCALE: Locale = "en-GB";

const RIGHT_TO_LEFT = new Set<Locale>(["ar"]);

export const directionOf = (locale: Locale): "ltr" | "rtl" => (RIGHT_TO_LEFT.has(locale) ? "rtl" : "ltr");

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The supported locale a language tag names, matching its language when the region differs (en-US → en-GB, cy-GB → cy). */
export function localeFor(tag: string): Locale | undefined {
  const wanted = tag.trim().toLowerCase();
  const exact = LOCALES.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const language = wanted.split("-")[0];
  return OFFERED_LOCALES.find(({ locale }) => locale.split("-")[0]!.toLowerCase() === language)?.locale;
}

/**
 * The best supported locale for an Accept-Language header, by its q-values (RFC 9110
 * §12.5.4); undefined when it names none we have. A malformed header counts as none.
 */
export function negotiate(acceptLanguage: string | undefined): Locale | undefined {
  if (!acceptLanguage || acceptLanguage.length > 500) return undefined;
  const ranges = acceptLanguage
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((r) => r.tag && r.tag !== "*" && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const range of ranges) {
    const locale = localeFor(range.tag);
    if (locale && locale !== "en-XA") return locale;
  }
  return undefined;
}
