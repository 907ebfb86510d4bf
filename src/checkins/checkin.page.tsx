/**
 * /c/:slug/checkin: checking in, and the member's own check-ins — a chart per scale question,
 * the same answers as a table, a CSV download — and, for members, the community's week from
 * the check-ins members shared. Only the member ever sees this page's history.
 */
import { Layout, type PageContext } from "../web/layout.tsx";
import { Notice } from "../web/components.tsx";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { dayWords } from "../shared/dates.ts";
import type { CheckinAnswers } from "../shared/checkin-template.ts";
import { CheckinChart } from "./checkin-chart.tsx";
import { answerWords } from "./checkins.presenter.ts";
import { CheckinForm, fieldName } from "./checkins.components.tsx";
import type { CheckinView, SummaryView, TemplateView } from "./checkins.service.ts";

/** How many check-ins the table shows (the chart and the CSV have them all). */
const TABLE_ROWS = 31;

export type CheckinPageProps = {
  ctx: PageContext;
  community: { slug: string; name: string };
  template: TemplateView;
  items: CheckinView[];
  isMember: boolean;
  summary: SummaryView | null;
  form: { values: CheckinAnswers | Record<string, unknown>; share: boolean; checkedInToday: boolean; problem?: FormProblem | undefined };
  saved?: "new" | "replaced" | undefined;
};

function Summary({ ctx, summary }: { ctx: PageContext; summary: SummaryView }) {
  const { t } = ctx;
  const lines = summary.fields.flatMap((f) => {
    const said: string[] = [];
    if (f.up !== null) said.push(t.text("checkins.summaryUp", { question: f.label, count: f.up }));
    if (f.down !== null) said.push(t.text("checkins.summaryDown", { question: f.label, count: f.down }));
    if (f.yes !== null) said.push(t.text("checkins.summaryYes", { question: f.label, count: f.yes }));
    return said;
  });
  return (
    <section aria-labelledby="week">
      <h2 id="week">{t.text("checkins.weekTitle")}</h2>
      {summary.members === null ? (
        <p>{t.text("checkins.weekTooFew")}</p>
      ) : (
        <>
          <p>{t.text("checkins.weekMembers", { count: summary.members, days: summary.days })}</p>
          {lines.length ? (
            <ul>
              {lines.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      <p class="hint">{t.text("checkins.weekHow")}</p>
    </section>
  );
}

export function CheckinPage(props: CheckinPageProps) {
  const { ctx, community, template, items } = props;
  const { t } = ctx;
  const base = `/c/${encodeURIComponent(community.slug)}`;
  const scales = template.fields.filter((f) => f.type === "scale");
  const labels = Object.fromEntries(template.fields.map((f) => [fieldName(f), f.label]));
  const title = t.text("checkins.pageTitle", { community: community.name });
  return (
    <Layout ctx={ctx} title={formTitle(title, props.form.problem)} community={community}>
      <p>
        <a href={base}>{t.text("community.backTo", { community: community.name })}</a>
      </p>
      <h1>{t.text("checkins.heading")}</h1>
      <p class="lead">{t.text("checkins.onlyYou")}</p>
      {props.saved ? <Notice>{t.text(props.saved === "replaced" ? "checkins.savedAgain" : "checkins.saved")}</Notice> : null}
      {props.isMember ? (
        <>
          <FormErrorSummary problem={props.form.problem} labels={labels} />
          <CheckinForm slug={community.slug} template={template} values={props.form.values} share={props.form.share} checkedInToday={props.form.checkedInToday} csrfToken={ctx.csrfToken} problem={props.form.problem} />
        </>
      ) : (
        <p>{t.text("checkins.joinFirst")}</p>
      )}
      <section aria-labelledby="mine">
        <h2 id="mine">{t.text("checkins.mineTitle")}</h2>
        {items.length === 0 ? (
          <p>{t.text("checkins.none")}</p>
        ) : (
          <>
            {scales.length ? (
              <div class="checkin-charts">
                {scales.map((field, i) => (
                  <CheckinChart field={field} items={items} t={t} id={`chart-${i}`} />
                ))}
              </div>
            ) : null}
            <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="checkin-table-caption">
              <table class="checkin-table">
                <caption id="checkin-table-caption">{t.text("checkins.tableCaption", { shown: Math.min(TABLE_ROWS, items.length), count: items.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.text("checkins.csvDay")}</th>
                    {template.fields.map((f) => (
                      <th scope="col">{f.label}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {items.slice(0, TABLE_ROWS).map((item) => (
                    <tr>
                      <th scope="row">{dayWords(item.day, t)}</th>
                      {template.fields.map((f) => (
                        <td>{answerWords(f, item.values[f.id], t)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>
              <a href={`${base}/checkin/export.csv`} download>
                {t.text("checkins.download")}
              </a>
            </p>
          </>
        )}
      </section>
      {props.summary ? <Summary ctx={ctx} summary={props.summary} /> : null}
    </Layout>
  );
}
