/**
 * The printable learning log (ADR 50): evidence for an appraisal or revalidation. A page of its own,
 * without the site's header (which names the signed-in username) or navigation: the name on it is only
 * the one the owner chose to print, or a blank line to write on. Headings per entry under the
 * reflective-practice headings, and the total time. Print CSS in assets/learning-log.css.
 */
import { stylesheet } from "../web/assets.ts";
import type { PageContext } from "../web/layout.tsx";
import { duration, entryDate, entryTitle, EntrySource, LOG_PATH } from "./learning-log.components.tsx";
import { SOURCE_KEYS } from "./learning-log-words.ts";
import type { LogExport } from "./learning-log.service.ts";

export function PrintPage({ ctx, log }: { ctx: PageContext; log: LogExport }) {
  const { t } = ctx;
  const first = log.entries[0];
  const last = log.entries.at(-1);
  return (
    <html lang={t.locale} dir={t.dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="robots" content="noindex" />
        <title>{t.text("layout.titleSuffix", { title: t.text("learningLog.printTitle") })}</title>
        <link rel="stylesheet" href={stylesheet.url} />
      </head>
      <body class="print-page">
        <main id="main" class="learning-log-print">
          <nav class="print-hide" aria-label={t.text("learningLog.printNav")}>
            <p>
              <a href={LOG_PATH}>{t.text("learningLog.back")}</a>
            </p>
            <p>{t.text("learningLog.printHowTo")}</p>
          </nav>
          {ctx.showingDemo ? (
            <p class="demo-notice" role="note">
              <strong>{t.text("layout.demoLead")}</strong> {t.text("layout.demoNotice")}
            </p>
          ) : null}
          <h1>{t.text("learningLog.printTitle")}</h1>
          <dl class="learning-log-summary">
            <dt>{t.text("learningLog.printNameLabel")}</dt>
            <dd dir="auto">{log.printName ?? (
                <span class="write-in">
                  <span class="visually-hidden">{t.text("learningLog.printNameBlank")}</span>
                </span>
              )}</dd>
            <dt>{t.text("learningLog.printPeriod")}</dt>
            <dd>{first && last ? t.text("learningLog.printFromTo", { from: entryDate(t, first), to: entryDate(t, last) }) : t.text("learningLog.printNoEntries")}</dd>
            <dt>{t.text("learningLog.printEntries")}</dt>
            <dd>{t.number(log.entries.length)}</dd>
            <dt>{t.text("learningLog.printTotal")}</dt>
            <dd>{t.text("learningLog.totalHours", { hours: t.number(Math.round((log.totalMinutes / 60) * 10) / 10), time: duration(t, log.totalMinutes) })}</dd>
          </dl>
          <p class="hint">{t.text("learningLog.printNote")}</p>
          {log.entries.map((entry, i) => (
            <article class="learning-log-print-entry" aria-labelledby={`entry-${i}`}>
              <h2 id={`entry-${i}`} dir="auto">
                {t.text("learningLog.printEntryHeading", { n: t.number(i + 1), title: entryTitle(t, entry) })}
              </h2>
              <EntrySource entry={entry} />
              <p>
                {entryDate(t, entry)} · {duration(t, entry.minutes)} ({t.text(SOURCE_KEYS[entry.minutesSource])})
              </p>
              {(["whatHappened", "whatLearned", "whatNext"] as const).map((heading) => (
                <section>
                  <h3>{t.text(`learningLog.${heading}`)}</h3>
                  <p class="reflection" dir="auto">
                    {entry.reflection[heading] ?? t.text("learningLog.notWritten")}
                  </p>
                </section>
              ))}
            </article>
          ))}
        </main>
      </body>
    </html>
  );
}
