/**
 * The form for one moderation action: choose what to do, say why, and for a
 * suspension until when. Also where a Hide form from the thread page comes back to
 * when something needs fixing (a missing reason), with what was typed.
 */
import { CsrfField, Field } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { Checkbox, FormErrorSummary, RadioGroup, formTitle, type RadioOption } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";

export type ActionFormValues = {
  targetType: string;
  targetId: string;
  action: string;
  reason: string;
  until: string;
  community: string;
  flagId: string;
  /** "yes" when hiding an opening post should hide its thread too. */
  alsoHideThread: string;
  back: string;
};

const CONTENT_ACTIONS: RadioOption[] = [
  { value: "hide", label: "Hide it", hint: "Its author and the moderators can still read it; everyone else sees “Hidden by a moderator”." },
  { value: "unhide", label: "Show it again" },
];

const MEMBER_ACTIONS: RadioOption[] = [
  { value: "warn", label: "Warn the author", hint: "They see the warning and the reason in their account's record." },
  { value: "suspend", label: "Suspend the author until a date", hint: "Until then they cannot post, reply or react in this community, whichever name they write under." },
  { value: "ban", label: "Ban the author", hint: "Like a suspension, with no end. It can be lifted later." },
];

const LIFT: RadioOption = { value: "unsuspend", label: "End a suspension or ban of this persona" };

function optionsFor(targetType: string): RadioOption[] {
  if (targetType === "persona") return [...MEMBER_ACTIONS, LIFT];
  return [...CONTENT_ACTIONS, ...MEMBER_ACTIONS];
}

// In the page's order: the choice, the date, then the reason.
const LABELS = {
  action: "What to do",
  until: "Suspended until",
  reason: "Reason",
  targetId: "What you are acting on",
  community: "Community",
  flagId: "Report",
  alsoHideThread: "Hide the whole thread too",
};

/** The button says what the chosen action does; with none chosen yet, what the form does. */
const buttons = (noun: string): Record<string, string> => ({
  hide: `Hide ${noun}`,
  unhide: `Show ${noun} again`,
  warn: "Warn this member",
  suspend: "Suspend this member",
  ban: "Ban this member",
  unsuspend: "End the suspension",
  dismiss: "Dismiss the report",
});

export function ModerationActionPage({ ctx, values, problem }: { ctx: PageContext; values: ActionFormValues; problem?: FormProblem }) {
  const noun = values.targetType === "persona" ? "this member" : `this ${values.targetType === "thread" ? "thread" : "post"}`;
  return (
    <Layout ctx={ctx} title={formTitle(`Moderate ${noun}`, problem)}>
      <FormErrorSummary problem={problem} labels={LABELS} />
      {values.back ? (
        <p class="breadcrumb">
          <a href={values.back}>Back to where you were</a>
        </p>
      ) : null}
      <h1>Moderate {noun}</h1>
      <p>
        You will not learn which account is behind the author. A suspension or ban still reaches every name that account writes under in this
        community. Everything you do here is written in the community's public moderation log with your reason.
      </p>
      <form method="post" action="/moderation/actions" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="targetType" value={values.targetType} />
        <input type="hidden" name="targetId" value={values.targetId} />
        <input type="hidden" name="community" value={values.community} />
        <input type="hidden" name="flagId" value={values.flagId} />
        <input type="hidden" name="back" value={values.back} />
        <RadioGroup name="action" legend={LABELS.action} value={values.action} options={optionsFor(values.targetType)} error={problem?.fields?.action ?? problem?.fields?.targetType} />
        {values.targetType === "post" ? (
          <Checkbox
            name="alsoHideThread"
            label={LABELS.alsoHideThread}
            hint="Only for the post that started a thread, with “Hide it”: the thread's title then leaves the thread page, the community page and search."
            checked={values.alsoHideThread !== ""}
            error={problem?.fields?.alsoHideThread}
          />
        ) : null}
        <Field
          name="until"
          type="date"
          label={LABELS.until}
          hint="Only for a suspension. They can write again from the start of this day (UTC). For example, 2030-01-31."
          value={values.until}
          error={problem?.fields?.until}
        />
        <Field
          name="reason"
          label={LABELS.reason}
          hint="Everyone who can see this community can read it in the moderation log, and so can the member."
          multiline
          rows={3}
          value={values.reason}
          error={problem?.fields?.reason}
          required
        />
        <button type="submit">{buttons(noun)[values.action] ?? "Take this action"}</button>
      </form>
    </Layout>
  );
}
