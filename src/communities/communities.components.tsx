/** Pieces of community pages that other features' pages show too (the discussion composer, say). */

/** The words of the public-space warning, one place for every page that shows it. */
export const PUBLIC_WARNING = "Anyone, including search engines, can read this — do not use your full name or town.";

/**
 * Shown on a space anyone at all can read, and beside its composers (the presenter's
 * `readableByAnyone`), in a look of its own so it is not read past as one more hint.
 */
export function PublicWarning({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <p class="public-warning">
      <strong>Public space.</strong> {PUBLIC_WARNING}
    </p>
  );
}
