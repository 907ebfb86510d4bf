/** The form that starts a community or changes its charter. */
import { CsrfField, Field } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { charterLabels, LIMITS, type CharterFormValues } from "./charter-form.ts";
import { OFFERED_LOCALES } from "../shared/i18n/locales.ts";

/** The four questions every community answers on its page, in this order (the hint's catalogue key). */
const TRANSPARENCY: { name: "funding" | "businessModel" | "dataUse" | "conflictsOfInterest"; hint: string }[] = [
  { name: "funding", hint: "charterForm.fundingHint" },
  { name: "businessModel", hint: "charterForm.businessModelHint" },
  { name: "dataUse", hint: "charterForm.dataUseHint" },
  { name: "conflictsOfInterest", hint: "charterForm.conflictsHint" },
];

type Mode = { kind: "new"; publicUrl: string } | { kind: "settings"; slug: string; communityName: string };

export function CharterFormPage(props: { ctx: PageContext; mode: Mode; values: CharterFormValues; problem?: FormProblem | null }) {
  const { ctx, mode, values, problem } = props;
  const { t } = ctx;
  const LABELS = charterLabels(t) as Record<keyof CharterFormValues, string>;
  const errors = problem?.fields ?? {};
  const isNew = mode.kind === "new";
  const title = isNew ? t.text("home.start") : t.text("charterForm.editTitle", { community: mode.communityName });
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)} community={isNew ? undefined : { slug: mode.slug, name: mode.communityName }}>
      <FormErrorSummary problem={problem} labels={LABELS} />
      {isNew ? null : (
        <p class="breadcrumb">
          <a href={`/c/${mode.slug}`}>{t.text("community.backTo", { community: mode.communityName })}</a>
        </p>
      )}
      <h1>{title}</h1>
      <p class="lead">{t.text(isNew ? "charterForm.newLead" : "charterForm.editLead")}</p>
      <form method="post" action={isNew ? "/communities/new" : `/c/${mode.slug}/settings`} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <h2>{t.text("charterForm.about")}</h2>
        <Field name="name" label={LABELS.name} value={values.name} error={errors.name} maxLength={LIMITS.name} hint={t.text("charterForm.nameHint")} />
        {isNew ? (
          <Field
            name="slug"
            label={LABELS.slug}
            value={values.slug}
            error={errors.slug}
            maxLength={LIMITS.slug}
            autocomplete="off"
            hint={t.text("charterForm.slugHint", { publicUrl: mode.publicUrl })}
          />
        ) : null}
        <Field
          name="purpose"
          label={LABELS.purpose}
          value={values.purpose}
          error={errors.purpose}
          multiline
          rows={4}
          maxLength={LIMITS.purpose}
          hint={t.text("charterForm.purposeHint")}
        />
        <RadioGroup
          name="visibility"
          legend={LABELS.visibility}
          value={values.visibility}
          error={errors.visibility}
          options={[
            { value: "public", label: t.text("charterForm.visibilityPublic"), hint: t.text("charterForm.visibilityPublicHint") },
            { value: "members", label: t.text("home.membersOnly"), hint: t.text("charterForm.visibilityMembersHint") },
            { value: "hidden", label: t.text("home.hidden"), hint: t.text("charterForm.visibilityHiddenHint") },
          ]}
        />
        <RadioGroup
          name="joinPolicy"
          legend={LABELS.joinPolicy}
          value={values.joinPolicy}
          error={errors.joinPolicy}
          options={[
            { value: "open", label: t.text("charterForm.joinOpen") },
            { value: "approval", label: t.text("charterForm.joinApproval") },
          ]}
        />
        <RadioGroup
          name="language"
          legend={LABELS.language}
          hint={t.text("charterForm.languageHint")}
          value={values.language}
          error={errors.language}
          options={[{ value: "", label: t.text("charterForm.languageNone") }, ...OFFERED_LOCALES.map(({ locale, name }) => ({ value: locale, label: name }))]}
        />
        {isNew ? (
          <RadioGroup
            name="firstSpace"
            legend={LABELS.firstSpace}
            value={values.firstSpace}
            error={errors.firstSpace}
            hint={t.text("charterForm.firstSpaceHint")}
            options={[
              { value: "members", label: t.text("home.membersOnly"), hint: t.text("charterForm.firstSpaceMembersHint") },
              { value: "public", label: t.text("charterForm.firstSpacePublic"), hint: t.text("charterForm.firstSpacePublicHint") },
            ]}
          />
        ) : null}
        <h2>{t.text("community.charter")}</h2>
        <Field
          name="conditions"
          label={LABELS.conditions}
          value={values.conditions}
          error={errors.conditions}
          multiline
          rows={4}
          maxLength={LIMITS.conditions}
          hint={t.text("charterForm.conditionsHint")}
        />
        <Field
          name="rules"
          label={LABELS.rules}
          value={values.rules}
          error={errors.rules}
          multiline
          rows={5}
          maxLength={LIMITS.rules}
          hint={t.text("charterForm.rulesHint")}
        />
        <h2>{t.text("community.honestBrokerHeading")}</h2>
        <p>{t.text("charterForm.fourQuestions")}</p>
        {TRANSPARENCY.map(({ name, hint }) => (
          <Field name={name} label={LABELS[name]} value={values[name]} error={errors[name]} multiline rows={3} maxLength={LIMITS[name]} hint={t.text(hint)} />
        ))}
        <button type="submit">{t.text(isNew ? "charterForm.startButton" : "charterForm.saveButton")}</button>
      </form>
    </Layout>
  );
}
