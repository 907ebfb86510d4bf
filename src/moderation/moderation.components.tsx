/**
 * Moderation pieces shown on other features' pages: what readers see in place of
 * hidden words, and the moderators' controls beside each post and thread. Every
 * control is a plain form that posts to /moderation/actions and works without
 * JavaScript; <details> keeps the reason box out of the way until it is wanted.
 */
import { CsrfField } from "../web/components.tsx";
import { useT } from "../web/i18n.ts";

/** Shown in place of a hidden post's words, or above them for its author and the moderators. */
export function HiddenNotice({ masked, what, reason }: { masked: boolean; what: "post" | "thread"; reason?: string | undefined }) {
  const t = useT();
  if (masked) return <p class="post-hidden">{t.text("hidden.masked")}</p>;
  // Its author is told why (ADR 31): the reason is theirs to read, as it is on the public log.
  if (reason) {
    const said = /[.?!]$/.test(reason.trim()) ? reason.trim() : `${reason.trim()}.`;
    return <p class="notice hidden-notice">{t.text("hidden.withReason", { reason: said, what })}</p>;
  }
  return <p class="notice hidden-notice">{t.text("hidden.notice", { what })}</p>;
}

type Target = { type: "post" | "thread"; id: string };

/** One moderation form: the action as a hidden field, a reason (shown in the public log), one button. */
function ActionForm(props: { csrfToken: string; target: Target; action: "hide" | "unhide"; back: string; button: string; opening?: boolean }) {
  const t = useT();
  const { target, action } = props;
  const fieldId = `reason-${action}-${target.type}-${target.id}`;
  return (
    <form method="post" action="/moderation/actions" class="moderate-form">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="targetType" value={target.type} />
      <input type="hidden" name="targetId" value={target.id} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="back" value={props.back} />
      <div class="field">
        <label for={fieldId}>{t.text("moderate.reasonLabel")}</label>
        <p class="hint" id={`${fieldId}-hint`}>
          {t.text("moderate.reasonPublicHint")}
        </p>
        <input type="text" id={fieldId} name="reason" required maxLength={2000} aria-describedby={`${fieldId}-hint`} />
      </div>
      {props.opening ? (
        <div class="field checkbox">
          <div class="radio">
            <input type="checkbox" id={`thread-${fieldId}`} name="alsoHideThread" value="yes" aria-describedby={`thread-${fieldId}-hint`} />
            <label for={`thread-${fieldId}`}>{t.text("moderate.alsoHideThread")}</label>
            <p class="hint" id={`thread-${fieldId}-hint`}>
              {t.text("moderate.openingHint")}
            </p>
          </div>
        </div>
      ) : null}
      <button type="submit">{props.button}</button>
    </form>
  );
}

/**
 * A moderator's controls for one post or thread: hide (or show again) with a reason,
 * and a link to warn, suspend or ban its author without learning who they are.
 */
export function ModerateControls(props: { csrfToken: string; target: Target; hidden: boolean; back: string; opening?: boolean }) {
  const t = useT();
  const { target, hidden } = props;
  const what = target.type === "post" ? "post" : "thread";
  const act = `/moderation/act?targetType=${target.type}&targetId=${encodeURIComponent(target.id)}&back=${encodeURIComponent(props.back)}`;
  return (
    <details class="moderate">
      <summary>
        {hidden ? t.text("moderate.summaryShow") : t.text("moderate.summaryHide")}
        <span class="visually-hidden"> {t.text("moderate.summaryWhat", { what })}</span>
      </summary>
      {hidden ? (
        <ActionForm csrfToken={props.csrfToken} target={target} action="unhide" back={props.back} button={t.text("moderate.buttonUnhide", { target: what })} />
      ) : (
        <ActionForm csrfToken={props.csrfToken} target={target} action="hide" back={props.back} button={t.text("moderate.buttonHide", { target: what })} opening={props.opening === true} />
      )}
      <p>
        <a href={act}>{t.text("moderate.warnSuspendBan")}</a>
      </p>
    </details>
  );
}

/**
 * The links beside a post, a thread or on a persona's page that anyone may use: Report
 * (a form that works without JavaScript; guests are asked to sign in first) and, where
 * the viewer is an administrator (`can.askToReveal`), Ask to reveal.
 */
export function ReportLinks(props: { target: { type: "post" | "thread" | "persona"; id: string }; back: string; label: string; askToReveal?: boolean }) {
  const t = useT();
  const { target } = props;
  const report = `/report?targetType=${target.type}&targetId=${encodeURIComponent(target.id)}&back=${encodeURIComponent(props.back)}`;
  return (
    <ul class="content-actions">
      <li>
        <a href={report}>
          {t.text("report.link")}
          <span class="visually-hidden"> {props.label}</span>
        </a>
      </li>
      {props.askToReveal ? (
        <li>
          <a href={`/admin/break-glass?persona=${encodeURIComponent(target.id)}`}>
            {t.text("report.askToReveal")}
            <span class="visually-hidden"> {t.text("report.askToRevealWhom", { label: props.label })}</span>
          </a>
        </li>
      ) : null}
    </ul>
  );
}

/** The moderators' Reports page of a community. */
export const reportsPath = (slug: string) => `/c/${encodeURIComponent(slug)}/moderation/reports`;

/** "Reports (3)": the link in the community's navigation, with the number of open reports. */
export function reportsLabel(open: number): string {
  const t = useT(); // called while the community page renders, like formTitle
  return open > 99 ? t.text("reports.navLabelMany") : t.text("reports.navLabel", { count: open });
}
