/** Content warnings on threads (ADR 39): the label readers see, and the checkboxes of the community's list. */
import { useT } from "../web/i18n.ts";

export function WarningLabel({ warnings }: { warnings: string[] }) {
  const t = useT();
  return <span class="content-warning-label">{t.text("warnings.label", { warnings: warnings.join(", ") })}</span>;
}

/** One checkbox per warning the community offers, named `contentWarnings` (a form sends each ticked one). */
export function ContentWarningChoices({ available, chosen, error }: { available: readonly string[]; chosen: readonly string[]; error?: string | undefined }) {
  const t = useT();
  if (available.length === 0) return null;
  return (
    <fieldset class="field checkboxes" id="field-contentWarnings" aria-describedby={error ? "field-contentWarnings-error" : "field-contentWarnings-hint"}>
      <legend>{t.text("warnings.legend")}</legend>
      <p class="hint" id="field-contentWarnings-hint">
        {t.text("warnings.hint")}
      </p>
      {error ? (
        <p class="error-message" id="field-contentWarnings-error">
          {error}
        </p>
      ) : null}
      {available.map((warning, i) => (
        <div class="radio">
          <input type="checkbox" id={`cw-${i}`} name="contentWarnings" value={warning} checked={chosen.includes(warning)} />
          <label for={`cw-${i}`}>{warning}</label>
        </div>
      ))}
    </fieldset>
  );
}
