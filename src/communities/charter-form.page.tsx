/** The form that starts a community or changes its charter. */
import { CsrfField, Field } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { CHARTER_LABELS, LIMITS, type CharterFormValues } from "./charter-form.ts";

const LABELS = CHARTER_LABELS as Record<keyof CharterFormValues, string>;

/** The four questions every community answers on its page, in this order. */
const TRANSPARENCY: { name: "funding" | "businessModel" | "dataUse" | "conflictsOfInterest"; hint: string }[] = [
  { name: "funding", hint: "For example: volunteers, a charity grant, a drug company." },
  { name: "businessModel", hint: "How the community pays its way, if it does: donations, a grant, nothing at all." },
  { name: "dataUse", hint: "Where what members write is kept, who can see it, and whether it is ever shared or sold." },
  { name: "conflictsOfInterest", hint: "Anything that could sway the people who run it: who employs them, money from companies, products they sell." },
];

type Mode = { kind: "new"; publicUrl: string } | { kind: "settings"; slug: string; communityName: string };

export function CharterFormPage(props: { ctx: PageContext; mode: Mode; values: CharterFormValues; problem?: FormProblem | null }) {
  const { ctx, mode, values, problem } = props;
  const errors = problem?.fields ?? {};
  const isNew = mode.kind === "new";
  const title = isNew ? "Start a community" : `Edit the charter of ${mode.communityName}`;
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={LABELS} />
      {isNew ? null : (
        <p class="breadcrumb">
          <a href={`/c/${mode.slug}`}>Back to {mode.communityName}</a>
        </p>
      )}
      <h1>{title}</h1>
      <p class="lead">
        {isNew
          ? "A community is a place for people living with a condition, the people who look after them, and clinicians. Its charter says what it is for and who runs it, so people can decide whether to trust it."
          : "Every change to the charter is kept, so members can see how it has changed."}
      </p>
      <form method="post" action={isNew ? "/communities/new" : `/c/${mode.slug}/settings`} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <h2>About the community</h2>
        <Field name="name" label={LABELS.name} value={values.name} error={errors.name} maxLength={LIMITS.name} hint="For example: Living with COPD." />
        {isNew ? (
          <Field
            name="slug"
            label={LABELS.slug}
            value={values.slug}
            error={errors.slug}
            maxLength={LIMITS.slug}
            autocomplete="off"
            hint={`The community will live at ${mode.publicUrl}/c/your-choice. Use 3 to 40 lower-case letters, numbers and hyphens, such as living-with-copd. It cannot be changed later.`}
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
          hint="A sentence or two, in plain words, for someone who has just been told they have the condition."
        />
        <RadioGroup
          name="visibility"
          legend={LABELS.visibility}
          value={values.visibility}
          error={errors.visibility}
          options={[
            { value: "public", label: "Anyone", hint: "Anyone on the internet can find it and read its public spaces." },
            { value: "members", label: "Members only", hint: "Anyone can find it and read its charter, but only members can read what is written." },
            { value: "hidden", label: "Hidden", hint: "Only its members know it exists. Nobody else can find it or ask to join." },
          ]}
        />
        <RadioGroup
          name="joinPolicy"
          legend={LABELS.joinPolicy}
          value={values.joinPolicy}
          error={errors.joinPolicy}
          options={[
            { value: "open", label: "Anyone can join straight away" },
            { value: "approval", label: "A moderator approves each request to join" },
          ]}
        />
        {isNew ? (
          <RadioGroup
            name="firstSpace"
            legend={LABELS.firstSpace}
            value={values.firstSpace}
            error={errors.firstSpace}
            hint="The community starts with one space to talk in. You can add more spaces later."
            options={[
              { value: "members", label: "Members only", hint: "Only people who have joined can read it. Best for a first space: people can talk more freely." },
              {
                value: "public",
                label: "Anyone, including search engines",
                hint: "Only if the community is open to anyone. What people write there can be found by searching the web.",
              },
            ]}
          />
        ) : null}
        <h2>Charter</h2>
        <Field
          name="conditions"
          label={LABELS.conditions}
          value={values.conditions}
          error={errors.conditions}
          multiline
          rows={4}
          maxLength={LIMITS.conditions}
          hint={'One condition a line. You can add its code: "Name | code | system", where the system is snomed-ct or icd-10 (or its FHIR address, http://snomed.info/sct or http://hl7.org/fhir/sid/icd-10). For example: Chronic obstructive pulmonary disease | J44.9 | icd-10'}
        />
        <Field
          name="rules"
          label={LABELS.rules}
          value={values.rules}
          error={errors.rules}
          multiline
          rows={5}
          maxLength={LIMITS.rules}
          hint="One rule a line, for example: Be kind. Share your experience, not medical advice."
        />
        <h2>Who runs this, who pays for it, what happens to your data</h2>
        <p>Every community answers these four questions on its page, in the same place. Write "none" where that is the answer.</p>
        {TRANSPARENCY.map(({ name, hint }) => (
          <Field name={name} label={LABELS[name]} value={values[name]} error={errors[name]} multiline rows={3} maxLength={LIMITS[name]} hint={hint} />
        ))}
        <button type="submit">{isNew ? "Start the community" : "Save the charter"}</button>
      </form>
    </Layout>
  );
}
