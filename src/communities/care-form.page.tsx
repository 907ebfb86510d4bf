/** The "check-ins and safety" settings of a community (ADR 42): for its owners and moderators. */
import { CsrfField, Field } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { CARE_LIMITS, careLabels, type CareFormValues } from "./care-form.ts";

export const carePath = (slug: string) => `/c/${encodeURIComponent(slug)}/settings/care`;

export function CareFormPage(props: { ctx: PageContext; community: { slug: string; name: string }; values: CareFormValues; problem?: FormProblem | null; saved?: boolean }) {
  const { ctx, community, values, problem } = props;
  const { t } = ctx;
  const labels = careLabels(t) as Record<keyof CareFormValues, string>;
  const errors = problem?.fields ?? {};
  const title = t.text("care.title", { community: community.name });
  const box = (name: keyof CareFormValues, rows: number, hint: string) => (
    <Field name={name} label={labels[name]} value={values[name]} error={errors[name]} multiline rows={rows} maxLength={CARE_LIMITS[name]} hint={hint} />
  );
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)} community={community}>
      <FormErrorSummary problem={problem} labels={labels} />
      <p class="breadcrumb">
        <a href={`/c/${encodeURIComponent(community.slug)}`}>{t.text("community.backTo", { community: community.name })}</a>
      </p>
      <h1>{title}</h1>
      {props.saved ? (
        <p class="notice" role="status">
          {t.text("care.saved")}
        </p>
      ) : null}
      <p class="lead">{t.text("care.lead")}</p>
      <form method="post" action={carePath(community.slug)} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <h2>{t.text("care.checkinHeading")}</h2>
        {box("checkinTemplate", 6, t.text("care.questionsHint"))}
        <h2>{t.text("care.warningsHeading")}</h2>
        {box("contentWarnings", 6, t.text("care.contentWarningsHint"))}
        <h2>{t.text("care.crisisHeading")}</h2>
        {box("crisisResources", 4, t.text("care.crisisResourcesHint"))}
        <Field name="dangerNow" label={labels.dangerNow} value={values.dangerNow} error={errors.dangerNow} maxLength={CARE_LIMITS.dangerNow} hint={t.text("care.dangerNowHint")} />
        {box("crisisPhrases", 4, t.text("care.crisisPhrasesHint"))}
        <button type="submit">{t.text("care.save")}</button>
      </form>
    </Layout>
  );
}
