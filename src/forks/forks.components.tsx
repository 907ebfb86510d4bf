/** A community's lineage, for its page (ADR 43): where it was forked from, and its forks the viewer may see. */
import { useT } from "../web/i18n.ts";
import type { LineageView } from "./forks.presenter.ts";

const when = (iso: string, date: (value: Date) => string) => date(new Date(iso));

export function Lineage({ lineage }: { lineage: LineageView | null }) {
  const t = useT();
  if (!lineage || (!lineage.parent && lineage.forks.length === 0 && lineage.movedFrom.length === 0)) return null;
  const { parent, forks, movedFrom } = lineage;
  const moved = movedFrom[movedFrom.length - 1];
  return (
    <section aria-labelledby={forks.length ? "forks-heading" : undefined} class="lineage">
      {parent && parent.server === null ? (
        <p class="forked-from">
          <a href={`/c/${encodeURIComponent(parent.slug)}`}>{t.text("lineage.forkedFrom", { parent: parent.name, date: when(parent.forkedAt, t.date) })}</a>
        </p>
      ) : null}
      {parent && parent.server !== null ? (
        // On another server: named with its address there, as text, never a link to a community here.
        <p class="forked-from" dir="auto">
          {t.text("lineage.forkedFromElsewhere", { parent: parent.name, server: parent.server, date: when(parent.forkedAt, t.date) })}
        </p>
      ) : null}
      {moved ? (
        <p class="moved-from" dir="auto">
          {t.text("lineage.movedFrom", { server: moved.server, date: when(moved.exportedAt, t.date) })}{" "}
          <a href="/claim">{t.text("lineage.claimLink")}</a>
        </p>
      ) : null}
      {forks.length ? (
        <>
          <h2 id="forks-heading">{t.text("lineage.forksHeading")}</h2>
          <ul class="forks">
            {forks.map((fork) => (
              <li key={fork.slug}>
                <a href={`/c/${encodeURIComponent(fork.slug)}`} dir="auto">
                  {fork.name}
                </a>{" "}
                {t.text("lineage.forkedOn", { date: when(fork.forkedAt, t.date) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
