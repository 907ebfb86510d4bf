/** A community's public moderation log: what was done, to which persona, why, and on which day. */
import type { Page } from "../shared/cursor.ts";
import { Notice, PersonaBadge } from "../web/components.tsx";
import type { Translator } from "../shared/i18n/translator.ts";
import { useT } from "../web/i18n.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { LogEntryView } from "./moderation.presenter.ts";
import { dayWords } from "./moderation.words.ts";

/** "Hid a post by", "Warned": what was done, said before the persona's name. */
const didWords = (t: Translator, entry: LogEntryView) => t.text("modLog.did", { action: entry.action, target: entry.target.type });

function Entry({ entry }: { entry: LogEntryView }) {
  const t = useT();
  const { target } = entry;
  return (
    <li class="card">
      <p>
        <strong>{dayWords(entry.date, t)}.</strong> {didWords(t, entry)} <PersonaBadge persona={target.persona} />
        {entry.action === "suspend" && entry.until ? ` ${t.text("modLog.until", { day: dayWords(entry.until, t) })}` : ""}.
      </p>
      <p>
        <span class="visually-hidden">{t.text("modLog.reason")} </span>
        <q>{entry.reason}</q>
      </p>
    </li>
  );
}

export function ModerationLogPage(props: { ctx: PageContext; community: { slug: string; name: string }; log: Page<LogEntryView>; cursor?: string; done?: LogEntryView | undefined }) {
  const { ctx, community, log } = props;
  const { t } = ctx;
  const base = `/c/${encodeURIComponent(community.slug)}`;
  const title = t.text("modLog.title", { community: community.name });
  return (
    <Layout ctx={ctx} title={title} community={community}>
      <p class="breadcrumb">
        <a href={base}>{t.text("modLog.backTo", { community: community.name })}</a>
      </p>
      <h1>{title}</h1>
      {props.done ? <Notice>{t.text("modLog.done", { did: didWords(t, props.done), name: props.done.target.persona.displayName })}</Notice> : null}
      <p>{t.text("modLog.lead")}</p>
      {log.items.length === 0 ? (
        <p>{props.cursor ? t.text("auditLog.nothingOlder") : t.text("modLog.none")}</p>
      ) : (
        <ol class="card-list moderation-log">
          {log.items.map((entry) => (
            <Entry entry={entry} />
          ))}
        </ol>
      )}
      {log.nextCursor ? (
        <p class="pagination">
          <a href={`${base}/moderation/log?cursor=${encodeURIComponent(log.nextCursor)}`}>{t.text("auditLog.older")}</a>
        </p>
      ) : null}
    </Layout>
  );
}
