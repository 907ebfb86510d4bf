/**
 * A community's crisis support (ADR 39): the "in danger now" line first, then the
 * resources for each country. Shown on /c/:slug/help and, after posting, to an author
 * whose words read like someone in crisis. Plain HTML: phone numbers are tel: links.
 */
import type { CrisisHelpView } from "./communities.service.ts";
import { useT } from "../web/i18n.ts";

/** A country's name in the reader's language (Intl's), or its code where Intl has none. */
function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale, "en-GB"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

const telOf = (phone: string) => `tel:${phone.replace(/[^0-9+]/g, "")}`;

export function CrisisResources({ help }: { help: CrisisHelpView }) {
  const t = useT();
  const countries = [...new Set(help.resources.map((r) => r.country))];
  return (
    <>
      <p class="danger-now">
        <strong>{t.text("help.dangerNowLead")}</strong> {help.dangerNow ?? t.text("help.dangerNowDefault")}
      </p>
      {help.resources.length === 0 ? <p>{t.text("help.noResources")}</p> : null}
      {countries.map((country) => (
        <section class="crisis-country" aria-labelledby={`help-${country}`}>
          <h3 id={`help-${country}`}>{t.text("help.inCountry", { country: countryName(country, t.locale) })}</h3>
          <ul class="crisis-resources">
            {help.resources
              .filter((r) => r.country === country)
              .map((r) => (
                <li>
                  <strong>{r.name}</strong>
                  {r.phone ? (
                    <>
                      {" "}
                      · {t.text("help.call")} <a href={telOf(r.phone)}>{r.phone}</a>
                    </>
                  ) : null}
                  {r.text ? <> · {t.text("help.text", { how: r.text })}</> : null}
                  {r.url ? (
                    <>
                      {" "}
                      · <a href={r.url}>{r.url.replace(/^https:\/\//, "")}</a>
                    </>
                  ) : null}
                  {r.hours ? <> · {r.hours}</> : null}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** The composer's line, always shown, no JavaScript: where help is before anyone posts. */
export function HelpIsHere({ slug }: { slug: string }) {
  const t = useT();
  return (
    <p class="help-is-here">
      <a href={`/c/${encodeURIComponent(slug)}/help`}>{t.text("help.composerLink")}</a>
    </p>
  );
}
