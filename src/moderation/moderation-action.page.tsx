/**
 * The form for one moderation action: choose what to do, say why, and for a
 * suspension until when. Also where a Hide form from the thread page comes back to
 * when something needs fixing (a missing reason), with what was typed.
 */
import { CsrfField, Field } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { Checkbox, FormErrorSummary, RadioGroup, formTitle, type RadioOption } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { Translator } from "../shared/i18n/translator.ts";

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

const contentActions = (t: Translator): RadioOption[] => [
  { value: "hide", label: t.text("moderate.hideIt"), hint: t.text("moderate.hideItHint") },
  { value: "unhide", label: t.text("moderate.showAgain") },
];

const memberActions = (t: Translator): RadioOption[] => [
  { value: "warn", label: t.text("moderate.warnAuthor"), hint: t.text("moderate.warnAuthorHint") },
  { value: "suspend", label: t.text("moderate.suspendAuthor"), hint: t.text("moderate.suspendAuthorHint") },
  { value: "ban", label: t.text("moderate.banAuthor"), hint: t.text("moderate.banAuthorHint") },
];

function optionsFor(t: Translator, targetType: string): RadioOption[] {
  if (targetType === "persona") return [...memberActions(t), { value: "unsuspend", label: t.text("moderate.lift") }];
  return [...contentActions(t), ...memberActions(t)];
}

// In the page's order: the choice, the date, then the reason.
export const actionLabels = (t: Translator) => ({
  action: t.text("moderate.actionLabel"),
  until: t.text("moderate.untilLabel"),
  reason: t.text("moderate.reasonLabel"),
  targetId: t.text("moderate.targetLabel"),
  community: t.text("auditLog.community"),
  flagId: t.text("moderate.flagLabel"),
  alsoHideThread: t.text("moderate.alsoHideThread"),
});

/** The button says what the chosen action does; with none chosen yet, what the form does. */
const BUTTON_KEYS: Record<string, string> = {
  hide: "moderate.buttonHide",
  unhide: "moderate.buttonUnhide",
  warn: "moderate.buttonWarn",
  suspend: "moderate.buttonSuspend",
  ban: "moderate.buttonBan",
  unsuspend: "moderate.buttonUnsuspend",
  dismiss: "moderate.buttonDismiss",
};

export function ModerationActionPage({ ctx, values, problem }: { ctx: PageContext; values: ActionFormValues; problem?: FormProblem }) {
  const { t } = ctx;
  const target = values.targetType === "persona" || values.targetType === "thread" ? values.targetType : "post";
  const title = t.text("moderate.title", { target });
  const labels = actionLabels(t);
  const buttonKey = Object.hasOwn(BUTTON_KEYS, values.action) ? BUTTON_KEYS[values.action] : undefined;
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={labels} />
      {values.back ? (
        <p class="breadcrumb">
          <a href={values.back}>{t.text("moderate.backToWhere")}</a>
        </p>
      ) : null}
      <h1>{title}</h1>
      <p>{t.text("moderate.lead")}</p>
      <form method="post" action="/moderation/actions" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="targetType" value={values.targetType} />
        <input type="hidden" name="targetId" value={values.targetId} />
        <input type="hidden" name="community" value={values.community} />
        <input type="hidden" name="flagId" value={values.flagId} />
        <input type="hidden" name="back" value={values.back} />
        <RadioGroup name="action" legend={labels.action} value={values.action} options={optionsFor(t, values.targetType)} error={problem?.fields?.action ?? problem?.fields?.targetType} />
        {values.targetType === "post" ? (
          <Checkbox
            name="alsoHideThread"
            label={labels.alsoHideThread}
            hint={t.text("moderate.alsoHideThreadHint")}
            checked={values.alsoHideThread !== ""}
            error={problem?.fields?.alsoHideThread}
          />
        ) : null}
        <Field
          name="until"
          type="date"
          label={labels.until}
          hint={t.text("moderate.untilHint")}
          value={values.until}
          error={problem?.fields?.until}
        />
        <Field
          name="reason"
          label={labels.reason}
          hint={t.text("moderate.reasonHint")}
          multiline
          rows={3}
          value={values.reason}
          error={problem?.fields?.reason}
          required
        />
        <button type="submit">{buttonKey ? t.text(buttonKey, { target }) : t.text("moderate.buttonDefault")}</button>
      </form>
    </Layout>
  );
}
