/**
 * Office hours as a form (ADR 42), for an account with a clinician persona: the days as
 * boxes, the hours as "HH:MM" (text boxes, not time fields: an end of "24:00", midnight,
 * is one a time field cannot hold), the time zone as its IANA name.
 */
import { CsrfField, Field, FieldError, Notice } from "../web/components.tsx";
import { sentValues, type FormProblem } from "../web/form-body.ts";
import { FormErrorSummary } from "../web/form-controls.tsx";
import type { PageContext } from "../web/layout.tsx";
import type { Translator } from "../shared/i18n/translator.ts";
import type { OfficeHours } from "./office-hours.ts";
import { NOTIFICATION_SETTINGS_PATH } from "./notifications.presenter.ts";

export const OFFICE_HOURS_PATH = `${NOTIFICATION_SETTINGS_PATH}/office-hours`;

export type OfficeHoursFormValues = { days: string[]; from: string; to: string; timeZone: string };

/** What the form shows: the hours set, or a working week to start from. */
export function officeHoursValues(hours: OfficeHours | null): OfficeHoursFormValues {
  if (!hours) return { days: ["1", "2", "3", "4", "5"], from: "09:00", to: "17:00", timeZone: "" };
  return { days: hours.days.map(String), from: hours.from, to: hours.to, timeZone: hours.timeZone };
}

/** What was sent, as typed (to show again) and as the service's office hours; a day that is no number stays one the service refuses. */
export function readOfficeHoursForm(body: unknown): { values: OfficeHoursFormValues; hours: OfficeHours } {
  const firstOf = (name: string) => sentValues(body, name)[0]?.trim() ?? "";
  const values = { days: sentValues(body, "days"), from: firstOf("from"), to: firstOf("to"), timeZone: firstOf("timeZone") };
  return { values, hours: { days: values.days.map((d) => (/^\d$/.test(d) ? Number(d) : 0)), from: values.from, to: values.to, timeZone: values.timeZone } };
}

/** The form's problem from the service's: "officeHours.days" is the days' boxes, and so on. */
export function officeHoursProblem(problem: FormProblem): FormProblem {
  const fields = Object.fromEntries(Object.entries(problem.fields ?? {}).map(([name, said]) => [name.replace(/^officeHours\./, ""), said]));
  return { ...problem, fields };
}

// Written out, key by key, so the catalogue check sees every key in use.
const DAY_KEYS: Record<string, string> = {
  "1": "officeHours.monday",
  "2": "officeHours.tuesday",
  "3": "officeHours.wednesday",
  "4": "officeHours.thursday",
  "5": "officeHours.friday",
  "6": "officeHours.saturday",
  "7": "officeHours.sunday",
};

const labelsOf = (t: Translator) => ({ days: t.text("officeHours.days"), from: t.text("officeHours.from"), to: t.text("officeHours.to"), timeZone: t.text("officeHours.timeZone") });

export function OfficeHoursForm(props: { ctx: PageContext; values: OfficeHoursFormValues; isSet: boolean; problem?: FormProblem | null; saved?: boolean }) {
  const { ctx, values, problem } = props;
  const { t } = ctx;
  const labels = labelsOf(t);
  const errors = problem?.fields ?? {};
  return (
    <section aria-labelledby="office-hours-title">
      <h2 id="office-hours-title">{t.text("officeHours.title")}</h2>
      <FormErrorSummary problem={problem} labels={labels} />
      {props.saved ? <Notice>{t.text(props.isSet ? "officeHours.saved" : "officeHours.cleared")}</Notice> : null}
      <p>{t.text(props.isSet ? "officeHours.leadSet" : "officeHours.leadNone")}</p>
      <form method="post" action={OFFICE_HOURS_PATH} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <fieldset class={`field${errors.days ? " field-error" : ""}`} aria-describedby={errors.days ? "field-days-error" : undefined}>
          <legend>{labels.days}</legend>
          <FieldError id="field-days" error={errors.days} />
          {Object.entries(DAY_KEYS).map(([day, key], i) => (
            <div class="radio">
              <input type="checkbox" id={i === 0 ? "field-days" : `field-days-${day}`} name="days" value={day} checked={values.days.includes(day)} />
              <label for={i === 0 ? "field-days" : `field-days-${day}`}>{t.text(key)}</label>
            </div>
          ))}
        </fieldset>
        <Field name="from" label={labels.from} value={values.from} error={errors.from} hint={t.text("officeHours.timeHint")} />
        <Field name="to" label={labels.to} value={values.to} error={errors.to} hint={t.text("officeHours.toHint")} />
        <Field name="timeZone" label={labels.timeZone} value={values.timeZone} error={errors.timeZone} autocomplete="off" hint={t.text("officeHours.timeZoneHint")} />
        <button type="submit" name="action" value="save">
          {t.text("officeHours.save")}
        </button>{" "}
        {props.isSet ? (
          <button type="submit" name="action" value="clear" class="secondary">
            {t.text("officeHours.clear")}
          </button>
        ) : null}
      </form>
    </section>
  );
}
