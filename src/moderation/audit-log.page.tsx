/** A member's record of what was done about their account: reveals and moderation. */
import type { Page } from "../shared/cursor.ts";
import { PersonaBadge, When } from "../web/components.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { AuditEntryView } from "./audit.presenter.ts";
import { dayWords } from "./moderation.words.ts";

function Entry({ entry, personaLabel = "Your persona" }: { entry: AuditEntryView; personaLabel?: string }) {
  return (
    <li class="card">
      <p>
        <strong>{entry.summary}</strong>
      </p>
      <dl class="audit-log">
        <dt>When</dt>
        <dd>{entry.action.startsWith("moderation.") ? dayWords(entry.date) : <When iso={entry.createdAt} />}</dd>
        {entry.actor ? (
          <>
            <dt>Administrator</dt>
            <dd>{entry.actor.displayName}</dd>
          </>
        ) : null}
        {entry.community ? (
          <>
            <dt>Community</dt>
            <dd>
              <a href={`/c/${encodeURIComponent(entry.community.slug)}`}>{entry.community.name}</a>
            </dd>
          </>
        ) : null}
        {entry.persona ? (
          <>
            <dt>{personaLabel}</dt>
            <dd>
              <PersonaBadge persona={entry.persona} />
            </dd>
          </>
        ) : null}
        {entry.until ? (
          <>
            <dt>Until</dt>
            <dd>{dayWords(entry.until)}</dd>
          </>
        ) : null}
        {entry.reason ? (
          <>
            <dt>Reason given</dt>
            <dd>{entry.reason}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

export function AuditLogPage({ ctx, log }: { ctx: PageContext; log: Page<AuditEntryView> }) {
  return (
    <Layout ctx={ctx} title="What was done about your account">
      <h1>What was done about your account</h1>
      <p>
        This record cannot be changed or deleted, not even by the people who run this server. It shows when an administrator asked to see which
        account is behind one of your personas, who decided and who looked, and when moderators acted on what you wrote. Moderators are not named;
        administrators are.
      </p>
      {log.items.length === 0 ? (
        <p>Nothing has been done about your account.</p>
      ) : (
        <ol class="card-list">
          {log.items.map((entry) => (
            <Entry entry={entry} />
          ))}
        </ol>
      )}
      {log.nextCursor ? (
        <p class="pagination">
          <a href={`/me/audit-log?cursor=${encodeURIComponent(log.nextCursor)}`}>Older entries</a>
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
  return (
    <Layout ctx={ctx} title="Audit log of this server">
      <p class="breadcrumb">
        <a href="/admin/break-glass">Back to break-glass</a>
      </p>
      <h1>Audit log of this server</h1>
      <p>
        Every reveal asked for, decided and read, and every moderation action, in every community, newest first. Nobody can change or delete
        these entries. Each member reads the entries about their own account. Personas are shown by the name they write under, never by their
        account.
      </p>
      {log.items.length === 0 ? (
        <p>{cursor ? "There is nothing older." : "Nothing has been recorded yet."}</p>
      ) : (
        <ol class="card-list">
          {log.items.map((entry) => (
            <Entry entry={entry} personaLabel="Persona" />
          ))}
        </ol>
      )}
      {log.nextCursor ? (
        <p class="pagination">
          <a href={`/admin/audit-log?cursor=${encodeURIComponent(log.nextCursor)}`}>Older entries</a>
        </p>
      ) : null}
    </Layout>
  );
}
