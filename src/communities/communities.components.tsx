/** Pieces of community pages that other features' pages show too (the discussion composer, say). */
import { useT } from "../web/i18n.ts";

/**
 * Shown on a space anyone at all can read, and beside its composers (the presenter's
 * `readableByAnyone`), in a look of its own so it is not read past as one more hint.
 * Its words are one catalogue entry (spaces.publicWarning) for every page that shows it.
 */
export function PublicWarning({ show }: { show: boolean }) {
  const t = useT();
  if (!show) return null;
  return (
    <p class="public-warning">
      <strong>{t.text("spaces.publicLead")}</strong> {t.text("spaces.publicWarning")}
    </p>
  );
}
