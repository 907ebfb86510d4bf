/** A member's record of what was done about their account: reveals and moderation. */
import type { Page } from "../shared/cursor.ts";
import { PersonaBadge, When } from "../web/components.tsx";
import { useT } from "../web/i18n.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { AuditEntryView } from "./audit.presenter.ts";
import { dayWords } from "./moderation.words.ts";

function Entry({ entry, personaLabel }: { entry: AuditEntryView; personaLabel?: string }) {
  const t = useT();
  return (
    <li class="card">
      <p>
        <strong>{entry.summary}</strong>
      </p>
      <dl class="audit-log">
        <dt>{t.text("auditLog.when")}</dt>
        <dd>{entry.action.startsWith("moderation.") ? dayWords(entry.date, t) : <When iso={entry.createdAt} />}</dd>
        {entry.actor ? (
          <>
            <dt>{t.text("auditLog.administrator")}</dt>
            <dd>{entry.actor.displayName}</dd>
          </>
        ) : null}
        {entry.community ? (
          <>
            <dt>{t.text("auditLog.community")}</dt>
            <dd>
              <a href={`/c/${encodeURIComponent(entry.community.slug)}`}>{entry.community.name}</a>
            </dd>
          </>
        ) : null}
        {entry.persona ? (
          <>
            <dt>{personaLabel ?? t.text("auditLog.yourPersona")}</dt>
            <dd>
              <PersonaBadge persona={entry.persona} />
            </dd>
          </>
        ) : null}
        {entry.until ? (
          <>
            <dt>{t.text("auditLog.until")}</dt>
            <dd>{dayWords(entry.until, t)}</dd>
          </>
        ) : null}
        {entry.reason ? (
          <>
            <dt>{t.text("auditLog.reasonGiven")}</dt>
            <dd>{entry.reason}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

export function AuditLogPage({ ctx, log }: { ctx: PageContext; log: Page<AuditEntryView> }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("auditLog.mineTitle")}>
      <h1>{t.text("auditLog.mineTitle")}</h1>
      <p>{t.text("auditLog.mineLead")}</p>
      {log.items.length === 0 ? (
        <p>{t.text("auditLog.mineNone")}</p>
      ) : (
        <ol class="card-list">
          {log.items.map((entry) => (
            <Entry entry={entry} />
          ))}
        </ol>
      )}
      {log.nextCursor ? (
        <p class="pagination">
          <a href={`/me/audit-log?cursor=${encodeURIComponent(log.nextCursor)}`}>{t.text("auditLog.older")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/**
 * /admin/audit-log: every privileged action on the server, for administrators. Personas
 * are named as everyone sees them, never the account behind them; moderators are not
 * named, administrators are.
 */
export function AdminAuditLogPage({ ctx, log, cursor }: { ctx: PageContext; log: Page<AuditEntryView>; cursor?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("auditLog.serverTitle")}>
      <p class="breadcrumb">
        <a href="/admin/break-glass">{t.text("breakGlass.back")}</a>
      </p>
      <h1>{t.text("auditLog.serverTitle")}</h1>
      <p>{t.text("auditLog.serverLead")}</p>
      {log.items.length === 0 ? (
        <p>{cursor ? t.text("auditLog.nothingOlder") : t.text("auditLog.serverNone")}</p>
      ) : (
        <ol class="card-list">
          {log.items.map((entry) => (
            <Entry entry={entry} personaLabel={t.text("auditLog.persona")} />
          ))}
        </ol>
      )}
      {log.nextCursor ? (
        <p class="pagination">
          <a href={`/admin/audit-log?cursor=${encodeURIComponent(log.nextCursor)}`}>{t.text("auditLog.older")}</a>
        </p>
      ) : null}
    </Layout>
  );
}
