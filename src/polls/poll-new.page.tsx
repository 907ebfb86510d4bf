/** The thread author's form for adding a poll: the question, up to ten options (blanks ignored), one or several choices, when results show, an optional close. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { CsrfField, describedBy, Field, FieldError, FieldHint } from "../web/components.tsx";
import { Checkbox, FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { labelsOf } from "../web/schema-form.ts";
import { Breadcrumb } from "../discussion/discussion.components.tsx";
import type { ThreadView } from "../discussion/discussion.service.ts";
import { LIMITS, POLL_OPTIONS } from "../shared/limits.ts";
import { pollForm } from "./poll-forms.tsx";

/** What was typed, to show the form again: the option boxes one by one. */
export type PollDraft = { question: string; options: string[]; multiple: boolean; resultsShown: string; closesAt: string };

export const EMPTY_DRAFT: PollDraft = { question: "", options: [], multiple: false, resultsShown: "after_voting", closesAt: "" };

export const threadTrail = (thread: ThreadView) => [
  { href: `/c/${encodeURIComponent(thread.community.slug)}`, label: thread.community.name },
  { href: `/c/${encodeURIComponent(thread.community.slug)}/s/${encodeURIComponent(thread.space.slug)}`, label: thread.space.name },
  { href: `/t/${thread.id}`, label: thread.title },
];

function OptionInputs({ draft, error, ctx }: { draft: PollDraft; error?: string | undefined; ctx: PageContext }) {
  const { t } = ctx;
  const id = "field-options";
  return (
    <fieldset class={`field poll-options-inputs${error ? " field-error" : ""}`} aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}>
      <legend>{t.text("polls.options")}</legend>
      <FieldHint id={id} hint={t.text("polls.optionsHint")} />
      <FieldError id={id} error={error} />
      {Array.from({ length: POLL_OPTIONS.max }, (_, i) => {
        const inputId = i === 0 ? id : `field-option${i + 1}`;
        return (
          <div class="field">
            <label for={inputId}>{t.text("polls.optionN", { n: i + 1 })}</label>
            <input id={inputId} name={`option${i + 1}`} type="text" value={draft.options[i] ?? ""} maxLength={LIMITS.pollOption} aria-invalid={error ? "true" : undefined} />
          </div>
        );
      })}
    </fieldset>
  );
}

export function NewPollPage({ ctx, thread, draft, problem }: { ctx: PageContext; thread: ThreadView; draft: PollDraft; problem?: FormProblem }) {
  const { t } = ctx;
  const error = (name: string) => problem?.fields?.[name];
  return (
    <Layout ctx={ctx} title={formTitle(t.text("polls.newTitle", { title: thread.title }), problem)} community={thread.community}>
      <FormErrorSummary problem={problem} labels={labelsOf(pollForm(t))} />
      <Breadcrumb items={threadTrail(thread)} />
      <h1>{t.text("polls.newTitle", { title: thread.title })}</h1>
      <p>{t.text("polls.newLead")}</p>
      <form method="post" action={`/t/${thread.id}/poll`} class="composer" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="question" label={t.text("polls.question")} value={draft.question} error={error("question")} maxLength={LIMITS.pollQuestion} required />
        <OptionInputs draft={draft} error={error("options")} ctx={ctx} />
        <Checkbox name="multiple" label={t.text("polls.multiple")} error={error("multiple")} checked={draft.multiple} />
        <RadioGroup
          name="resultsShown"
          legend={t.text("polls.resultsShown")}
          error={error("resultsShown")}
          value={draft.resultsShown}
          options={[
            { value: "after_voting", label: t.text("polls.afterVoting") },
            { value: "after_closing", label: t.text("polls.afterClosing") },
          ]}
        />
        <Field name="closesAt" type="datetime-local" label={t.text("polls.closesAt")} hint={t.text("polls.closesAtHint")} value={draft.closesAt} error={error("closesAt")} />
        <p class="actions">
          <button type="submit">{t.text("polls.create")}</button>
          <a href={`/t/${thread.id}`}>{t.text("discussion.cancelKeep")}</a>
        </p>
      </form>
    </Layout>
  );
}
