/**
 * Reporting a post, thread or member to a community's moderators, without JavaScript:
 * the reasons in plain words, details (needed for "something else"), and a thank-you
 * that says who reads it, roughly when, and that the reporter is not named.
 */
import type { FlagReason } from "../db/schema.ts";
import { CsrfField, Field } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, RadioGroup, formTitle, type RadioOption } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { Translator } from "../shared/i18n/translator.ts";

/** The reasons as people say them, in the order the form offers them. */
const REASON_KEYS: Record<FlagReason, string> = {
  medical_misinformation: "report.reasonMedical",
  harassment: "report.reasonHarassment",
  spam: "report.reasonSpam",
  identifying: "report.reasonIdentifying",
  safeguarding: "report.reasonSafeguarding",
  other: "report.reasonOther",
};

/** A reason in the reader's words ("Unsafe medical advice"). */
export const reasonWords = (t: Translator, reason: FlagReason) => t.text(REASON_KEYS[reason]);

const REASON_HINT_KEYS: Partial<Record<FlagReason, string>> = {
  medical_misinformation: "report.reasonMedicalHint",
  identifying: "report.reasonIdentifyingHint",
  safeguarding: "report.reasonSafeguardingHint",
  other: "report.reasonOtherHint",
};

const reasonOptions = (t: Translator): RadioOption[] =>
  (Object.keys(REASON_KEYS) as FlagReason[]).map((value) => {
    const hint = REASON_HINT_KEYS[value];
    return { value, label: reasonWords(t, value), ...(hint ? { hint: t.text(hint) } : {}) };
  });

export type ReportFormValues = { targetType: string; targetId: string; reason: string; details: string; community: string; back: string };

/** The report form's labels, in the reader's language. */
export const reportLabels = (t: Translator) => ({ reason: t.text("report.reasonLabel"), details: t.text("report.detailsLabel"), community: t.text("report.communityLabel") });

export function ReportPage(props: {
  ctx: PageContext;
  values: ReportFormValues;
  /** For a member: the communities the reporter belongs to, one of which the report goes to. */
  communities?: { slug: string; name: string }[];
  problem?: FormProblem;
}) {
  const { ctx, values, problem } = props;
  const { t } = ctx;
  const title = t.text("report.title", { target: values.targetType });
  const labels = reportLabels(t);
  const persona = values.targetType === "persona";
  const communities = props.communities ?? [];
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      {values.back ? (
        <p class="breadcrumb">
          <a href={values.back}>{t.text("moderate.backToWhere")}</a>
        </p>
      ) : null}
      <h1>{title}</h1>
      <p>{t.text("report.lead")}</p>
      {persona && communities.length === 0 ? (
        <p>{t.text("report.memberNoCommunity")}</p>
      ) : (
        <form method="post" action="/report" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <FormErrorSummary problem={problem} labels={labels} />
          <input type="hidden" name="targetType" value={values.targetType} />
          <input type="hidden" name="targetId" value={values.targetId} />
          <input type="hidden" name="back" value={values.back} />
          {persona ? (
            <RadioGroup
              name="community"
              legend={labels.community}
              hint={t.text("report.communityHint")}
              value={values.community}
              options={communities.map((c) => ({ value: c.slug, label: c.name }))}
              error={problem?.fields?.community}
            />
          ) : (
            <input type="hidden" name="community" value={values.community} />
          )}
          <RadioGroup name="reason" legend={labels.reason} value={values.reason} options={reasonOptions(t)} error={problem?.fields?.reason} />
          <Field
            name="details"
            label={labels.details}
            hint={t.text("report.detailsHint")}
            multiline
            rows={4}
            value={values.details}
            error={problem?.fields?.details}
          />
          <button type="submit">{t.text("report.submit")}</button>
        </form>
      )}
    </Layout>
  );
}

/** After a report: what happens next, and for someone at risk, where to get help now. */
export function ReportSentPage(props: { ctx: PageContext; community: { slug: string; name: string }; reason: string; back: string }) {
  const { ctx, community, reason } = props;
  const { t } = ctx;
  const named = { community: community.name };
  return (
    <Layout ctx={ctx} title={t.text("report.sentTitle")} community={community}>
      <div class="notice" role="status">
        <h1>{t.text("report.sentTitle")}</h1>
        <p>{t.text("report.sentTo", named)}</p>
      </div>
      {reason === "safeguarding" ? (
        <section aria-labelledby="help-now-heading" class="help-now">
          <h2 id="help-now-heading">{t.text("report.dangerHeading")}</h2>
          <p>{t.text("report.dangerVolunteers")}</p>
          <p>{t.text("report.dangerYourself")}</p>
        </section>
      ) : null}
      <h2>{t.text("breakGlass.whatNext")}</h2>
      <ul>
        <li>{t.text("report.nextOrder", named)}</li>
        <li>{t.text("report.nextMay")}</li>
        <li>{t.text("report.nextNobody")}</li>
      </ul>
      <p>
        <a href={props.back || `/c/${encodeURIComponent(community.slug)}`}>{props.back ? t.text("moderate.backToWhere") : t.text("modLog.backTo", named)}</a>
      </p>
      <p>
        <a href={`/c/${encodeURIComponent(community.slug)}/moderation/log`}>{t.text("report.theLog", named)}</a>
      </p>
    </Layout>
  );
}
