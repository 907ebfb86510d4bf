/** Form pieces beyond the text field in components.tsx: radios, a checkbox, a select and the error summary. */
import { describedBy, ErrorSummary, FieldError, FieldHint } from "./components.tsx";
import { CHECK_ANSWERS, type FormProblem } from "./form-body.ts";
import { useT } from "./i18n.ts";

export type RadioOption = { value: string; label: string; hint?: string };

/**
 * A question answered by one of several choices: a fieldset whose legend asks it,
 * each choice explained in words. The first radio carries `field-<name>` so the
 * error summary can link to it.
 */
export function RadioGroup(props: { name: string; legend: string; hint?: string; error?: string; value?: string; options: RadioOption[] }) {
  const id = `field-${props.name}`;
  return (
    <fieldset
      class={`field radios${props.error ? " field-error" : ""}`}
      aria-describedby={describedBy(props.hint && `${id}-hint`, props.error && `${id}-error`)}
    >
      <legend>{props.legend}</legend>
      <FieldHint id={id} hint={props.hint} />
      <FieldError id={id} error={props.error} />
      {props.options.map((option, i) => {
        // The first radio takes the group's id so the error summary's link lands on it;
        // option hints are named by value so none collides with the group's own hint.
        const optionId = i === 0 ? id : `${id}-${option.value}`;
        const hintId = `${id}-${option.value}`;
        return (
          <div class="radio">
            <input
              type="radio"
              id={optionId}
              name={props.name}
              value={option.value}
              checked={props.value === option.value}
              aria-describedby={option.hint ? `${hintId}-hint` : undefined}
            />
            <label for={optionId}>{option.label}</label>
            <FieldHint id={hintId} hint={option.hint} />
          </div>
        );
      })}
    </fieldset>
  );
}

export function Checkbox(props: { name: string; label: string; hint?: string; error?: string; checked: boolean }) {
  const id = `field-${props.name}`;
  return (
    <div class={`field checkbox${props.error ? " field-error" : ""}`}>
      <FieldError id={id} error={props.error} />
      <div class="radio">
        <input
          type="checkbox"
          id={id}
          name={props.name}
          value="yes"
          checked={props.checked}
          aria-describedby={describedBy(props.hint && `${id}-hint`, props.error && `${id}-error`)}
        />
        <label for={id}>{props.label}</label>
        <FieldHint id={id} hint={props.hint} />
      </div>
    </div>
  );
}

export function Select(props: { id: string; name: string; label: string; value: string; options: { value: string; label: string }[] }) {
  return (
    <div class="field select">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The error summary of a form: each field problem named by its label so the list reads
 * on its own, in the order of `labels` (the form's order); problems of fields without a
 * label follow. Render it first in the page's content.
 */
export function FormErrorSummary({ problem, labels }: { problem: FormProblem | null | undefined; labels: Record<string, string> }) {
  const t = useT();
  if (!problem) return null;
  const given = problem.fields ?? {};
  const order = [...Object.keys(labels).filter((name) => given[name]), ...Object.keys(given).filter((name) => !(name in labels))];
  const fields = Object.fromEntries(order.map((name) => [name, labels[name] ? `${labels[name]}: ${given[name]}` : given[name]!]));
  // The generic sentence is a marker the form code compares with; it is put into words here, for the reader.
  const message = problem.message === CHECK_ANSWERS ? t.text("form.checkAnswers") : problem.message;
  return <ErrorSummary message={message} fields={order.length ? fields : undefined} />;
}

/**
 * The page title with "Error: " in front when the form came back with problems (read out first
 * by screen readers), in the reader's language: call it while the page renders.
 */
export const formTitle = (title: string, problem: FormProblem | null | undefined) => (problem ? useT().text("form.errorTitle", { title }) : title);
