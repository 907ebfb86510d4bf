/**
 * The check-in form, on the community page and the check-in page: every question already
 * answered (yesterday's answers, or the middle of each scale), so checking in is one press
 * of a button, with JavaScript or without. Also how its fields are read back.
 */
import { CHECKIN_LIMITS, scaleOf, type CheckinAnswers, type CheckinField } from "../shared/checkin-template.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { CsrfField, Field } from "../web/components.tsx";
import { formField } from "../web/redirect-target.ts";
import { Checkbox, RadioGroup } from "../web/form-controls.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { useT } from "../web/i18n.ts";
import type { TemplateView } from "./checkins.service.ts";

/** A question's form field name (`values.<id>` in the API). */
export const fieldName = (field: CheckinField) => `v_${field.id}`;

/** The form's answer to start from for one question. */
function startingAnswer(field: CheckinField, values: CheckinAnswers): string {
  const given = values[field.id];
  if (field.type === "scale") {
    const { min, max } = scaleOf(field);
    return String(typeof given === "number" ? given : Math.round((min + max) / 2));
  }
  if (field.type === "boolean") return given === true ? "yes" : "no";
  if (field.type === "choice") return typeof given === "string" ? given : field.options![0]!;
  return typeof given === "string" ? given : "";
}

/**
 * The answers a form sent, as the API takes them: a scale's number, yes or no as true or
 * false, a choice's text; a blank text left out. What cannot be read (a scale that is not a
 * number) is passed on as it came, for the template's check to name (`values.<id>`).
 */
export function readCheckinForm(template: TemplateView, body: unknown): { values: Record<string, unknown>; share: boolean } {
  const values: Record<string, unknown> = {};
  for (const field of template.fields) {
    const sent = formField(body, fieldName(field));
    // A field sent twice (an array) is passed on as it came, for the check to turn down.
    if (sent !== undefined && typeof sent !== "string") {
      values[field.id] = sent;
      continue;
    }
    const raw = sent ?? "";
    if (field.type === "text") {
      if (raw.trim()) values[field.id] = raw;
    } else if (field.type === "scale") {
      if (raw !== "") values[field.id] = /^-?\d{1,4}$/.test(raw) ? Number(raw) : raw;
    } else if (field.type === "boolean") {
      if (raw !== "") values[field.id] = raw === "yes" ? true : raw === "no" ? false : raw;
    } else if (raw !== "") values[field.id] = raw;
  }
  const share = formField(body, "share");
  return { values, share: typeof share === "string" && share !== "" };
}

/** A service's `values.<id>` problem, under the form field it belongs to. */
export const formFieldOf = (serviceField: string) => (serviceField.startsWith("values.") ? `v_${serviceField.slice("values.".length)}` : serviceField);

export function CheckinQuestion({ field, value, error, t }: { field: CheckinField; value: string; error?: string | undefined; t: Translator }) {
  const name = fieldName(field);
  if (field.type === "text") {
    return <Field name={name} label={field.label} hint={t.text("checkins.optional")} value={value} error={error} multiline rows={2} maxLength={CHECKIN_LIMITS.text} />;
  }
  if (field.type === "scale") {
    const { min, max } = scaleOf(field);
    const options = Array.from({ length: max - min + 1 }, (_, i) => ({ value: String(min + i), label: String(min + i) }));
    return (
      <div class="checkin-scale">
        <RadioGroup name={name} legend={field.label} hint={t.text("checkins.scaleHint", { min, max })} value={value} error={error} options={options} />
      </div>
    );
  }
  if (field.type === "boolean") {
    return (
      <RadioGroup
        name={name}
        legend={field.label}
        value={value}
        error={error}
        options={[
          { value: "yes", label: t.text("checkins.yes") },
          { value: "no", label: t.text("checkins.no") },
        ]}
      />
    );
  }
  return <RadioGroup name={name} legend={field.label} value={value} error={error} options={field.options!.map((o) => ({ value: o, label: o }))} />;
}

/** The form itself. `values` are the answers to show (the starting ones, or what was sent back with a problem). */
export function CheckinForm(props: {
  slug: string;
  template: TemplateView;
  values: CheckinAnswers | Record<string, unknown>;
  share: boolean;
  csrfToken: string;
  problem?: FormProblem | undefined;
  checkedInToday: boolean;
}) {
  const t = useT();
  const answers = props.values as CheckinAnswers;
  return (
    <form method="post" action={`/c/${encodeURIComponent(props.slug)}/checkin`} class="checkin-form" novalidate>
      <CsrfField token={props.csrfToken} />
      {props.template.fields.map((field) => (
        <CheckinQuestion field={field} value={startingAnswer(field, answers)} error={props.problem?.fields?.[fieldName(field)]} t={t} />
      ))}
      <Checkbox name="share" label={t.text("checkins.shareLabel")} hint={t.text("checkins.shareHint")} checked={props.share} />
      <p class="actions">
        <button type="submit">{t.text(props.checkedInToday ? "checkins.submitAgain" : "checkins.submit")}</button>
      </p>
      {props.checkedInToday ? <p class="hint">{t.text("checkins.replacesToday")}</p> : null}
    </form>
  );
}
