/**
 * The public community health page, /c/:slug/health (ADR 51): how quickly questions get a first
 * answer, as a table with a caption and headers (readable without JavaScript, on a small phone,
 * and by a screen reader). Owners and moderators see a second table over every space.
 */
import { Layout, type PageContext } from "../web/layout.tsx";
import type { Translator } from "../shared/i18n/translator.ts";
import { SECURITY_SETTINGS_PATH } from "../shared/second-factor.ts";
import { SMALL_NUMBER, type Figure, type QuestionFigures, type QuestionMetricsView } from "./metrics.presenter.ts";

export const healthPath = (slug: string) => `/c/${encodeURIComponent(slug)}/health`;

// Written out, key by key, so the catalogue check sees every key in use.
const ROW_KEYS: Record<keyof QuestionFigures, string> = {
  medianTimeToFirstAnswer: "health.median",
  p90TimeToFirstAnswer: "health.p90",
  answeredWithin24h: "health.within24h",
  answeredWithin24hByClinicians: "health.within24hClinicians",
  answeredWithin24hByExpertPatients: "health.within24hExpertPatients",
};
const TIMES = new Set<keyof QuestionFigures>(["medianTimeToFirstAnswer", "p90TimeToFirstAnswer"]);

/** A time in the largest unit that keeps it readable: minutes under an hour, hours under two days, then days. */
export function durationWords(seconds: number, t: Translator): string {
  if (seconds < 3600) return t.text("health.duration", { unit: "minutes", count: Math.max(1, Math.round(seconds / 60)) });
  if (seconds < 48 * 3600) return t.text("health.duration", { unit: "hours", count: Math.round(seconds / 360) / 10 });
  return t.text("health.duration", { unit: "days", count: Math.round(seconds / 8640) / 10 });
}

function figureWords(name: keyof QuestionFigures, figure: Figure, t: Translator): string {
  if (figure.withheld === "fewer_than_5_questions") return t.text("health.withheld", { min: SMALL_NUMBER });
  if (figure.value === null) return t.text("health.none");
  return TIMES.has(name) ? durationWords(figure.value, t) : t.text("health.share", { share: figure.value });
}

function FiguresTable({ t, figures, id, caption }: { t: Translator; figures: QuestionFigures; id: string; caption: string }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table class="health-figures">
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.text("health.measure")}</th>
            <th scope="col">{t.text("health.figure")}</th>
            <th scope="col">{t.text("health.basedOn")}</th>
          </tr>
        </thead>
        <tbody>
          {(Object.keys(ROW_KEYS) as (keyof QuestionFigures)[]).map((name) => {
            const figure = figures[name];
            return (
              <tr>
                <th scope="row">{t.text(ROW_KEYS[name])}</th>
                <td>{figureWords(name, figure, t)}</td>
                <td>{figure.basedOn === null ? "—" : t.text("health.questions", { count: figure.basedOn })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function CommunityHealthPage({ ctx, data }: { ctx: PageContext; data: QuestionMetricsView }) {
  const { t } = ctx;
  const name = data.community.name;
  return (
    <Layout ctx={ctx} title={t.text("health.title", { community: name })} community={data.community}>
      <p>
        <a href={`/c/${encodeURIComponent(data.community.slug)}`}>{name}</a>
      </p>
      <h1>{t.text("health.heading")}</h1>
      <p class="lead">{t.text("health.lead", { community: name, days: data.window.days })}</p>
      <section aria-labelledby="health-public">
        <h2 id="health-public">{t.text("health.publicHeading")}</h2>
        <p>{t.text("health.publicLead", { min: SMALL_NUMBER })}</p>
        <FiguresTable t={t} figures={data.public} id="health-public-table" caption={t.text("health.publicCaption", { days: data.window.days })} />
      </section>
      {data.all ? (
        <section aria-labelledby="health-all">
          <h2 id="health-all">{t.text("health.allHeading")}</h2>
          <p>{t.text("health.allLead", { community: name })}</p>
          <FiguresTable t={t} figures={data.all} id="health-all-table" caption={t.text("health.allCaption", { days: data.window.days })} />
        </section>
      ) : null}
      {data.allNeedsSecondFactor ? (
        <p class="notice">
          <a href={SECURITY_SETTINGS_PATH}>{t.text("health.allNeedsSecondFactor")}</a>
        </p>
      ) : null}
      <section aria-labelledby="health-how">
        <h2 id="health-how">{t.text("health.howHeading")}</h2>
        <ul>
          <li>{t.text("health.howWindow", { days: data.window.days })}</li>
          <li>{t.text("health.howFirstAnswer")}</li>
          <li>{t.text("health.howShares")}</li>
          <li>{t.text("health.howHidden")}</li>
        </ul>
      </section>
    </Layout>
  );
}
