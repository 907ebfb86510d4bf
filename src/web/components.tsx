/** Small shared pieces of pages. */
import { useT } from "./i18n.ts";
import { dateTimeWords } from "../shared/dates.ts";
import type { ComponentChildren } from "preact";
import { capacityLabelIn, type PersonaView } from "../personas/persona.presenter.ts";
import { audienceMessage, type AudienceFacts } from "../shared/audience.ts";

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/**
 * The capacity an author speaks in: words and colour, never colour alone. `linked`
 * makes the name open the persona's own profile page (/personas/:id), which shows that
 * persona alone, never another of the same person.
 */
export function PersonaBadge({ persona, linked }: { persona: PersonaView; linked?: boolean }) {
  // The view's label is English (the API's); the badge says it in the reader's language.
  const label = capacityLabelIn(persona, useT());
  // A name may be in any script: it keeps its own direction inside a page in another.
  const name = (
    <span class="author-name" dir="auto">
      {persona.displayName}
    </span>
  );
  return (
    <span class="author">
      {linked ? (
        <a class="author-link" href={`/personas/${encodeURIComponent(persona.id)}`}>
          {name}
        </a>
      ) : (
        name
      )}{" "}
      <span class={`badge badge-${persona.capacity}`}>{label}</span>
    </span>
  );
}

export function When({ iso, prefix }: { iso: string; prefix?: string }) {
  // One date style everywhere (src/shared/dates.ts): "1 August 2026 at 14:05", in the reader's language.
  const text = dateTimeWords(iso, useT());
  return (
    <time dateTime={iso}>
      {prefix ? `${prefix} ` : ""}
      {text}
    </time>
  );
}

/** The aria-describedby of a control: the ids given, or nothing when there are none. */
export const describedBy = (...ids: (string | null | undefined | false)[]) => ids.filter(Boolean).join(" ") || undefined;

/** The hint under a label, as `<id>-hint` for aria-describedby; nothing when there is none. */
export function FieldHint({ id, hint }: { id: string; hint?: string | undefined }) {
  return hint ? (
    <p class="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

/** A field's error message, as `<id>-error` for aria-describedby; nothing when there is none. */
export function FieldError({ id, error }: { id: string; error?: string | undefined }) {
  return error ? (
    <p class="error-message" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

/** A labelled form field whose error, when there is one, is tied to it for screen readers. */
export function Field(props: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  type?: string;
  multiline?: boolean;
  required?: boolean;
  autocomplete?: string;
  maxLength?: number;
  rows?: number;
}) {
  const id = `field-${props.name}`;
  const common = {
    id,
    name: props.name,
    required: props.required,
    "aria-describedby": describedBy(props.hint && `${id}-hint`, props.error && `${id}-error`),
    "aria-invalid": props.error ? ("true" as const) : undefined,
    maxLength: props.maxLength,
  };
  return (
    <div class={`field${props.error ? " field-error" : ""}`}>
      <label for={id}>{props.label}</label>
      <FieldHint id={id} hint={props.hint} />
      <FieldError id={id} error={props.error} />
      {props.multiline ? (
        <textarea {...common} rows={props.rows ?? 8}>
          {props.value ?? ""}
        </textarea>
      ) : (
        <input {...common} type={props.type ?? "text"} value={props.value ?? ""} autoComplete={props.autocomplete} />
      )}
    </div>
  );
}

/**
 * The list of problems at the top of a form that did not go through (the GOV.UK and NHS
 * error summary): "There is a problem", then one link per field at fault, in the form's
 * order, each to its field. It takes focus as the page loads without any script
 * (`autofocus` on an element made focusable by tabindex=-1), so it is read out first; it
 * belongs first in the main content.
 */
export function ErrorSummary({ message, fields }: { message?: string | undefined; fields?: Record<string, string> | undefined }) {
  if (!message && !fields) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autofocus>
      <h2 id="error-summary-title">{useT().text("form.problemTitle")}</h2>
      {message ? <p>{message}</p> : null}
      {fields ? (
        <ul class="error-summary-list">
          {Object.entries(fields).map(([name, problem]) => (
            <li>
              <a href={`#field-${name}`}>{problem}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Says who will be able to read what is written, above every composer. */
/** "Who can read this:" and the answer, in the reader's language, for a space of `community`. */
export function AudienceLine({ community, space }: { community: string; space: Omit<AudienceFacts, "community"> }) {
  const t = useT();
  return (
    <p class="audience">
      <strong>{t.text("spaces.whoCanRead")}</strong> {t.say(audienceMessage({ community, visibility: space.visibility, readableByAnyone: space.readableByAnyone }))}
    </p>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}
