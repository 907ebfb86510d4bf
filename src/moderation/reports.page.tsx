/**
 * The moderators' Reports page: each open report with what it is about (as moderators
 * read it, hidden words included and marked), the reason, and the moderation actions
 * as plain forms that post to /moderation/actions and come back here. Never who sent it.
 */
import type { ComponentChildren } from "preact";
import type { Page } from "../shared/cursor.ts";
import { CsrfField, Notice, PersonaBadge } from "../web/components.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { ReportView } from "./moderation.presenter.ts";
import { dayWords } from "./moderation.words.ts";
import { reasonWords } from "./report.page.tsx";
import { useT } from "../web/i18n.ts";
import { HiddenNotice, reportsPath } from "./moderation.components.tsx";

/** What the moderator just did, said back to them on this page (?done=…). */
const DONE_KEYS: Record<string, string> = {
  dismiss: "reports.doneDismiss",
  hide: "reports.doneHide",
  hide_thread: "reports.doneHideThread",
  warn: "reports.doneWarn",
};

/** Whether the page has words for what was done (?done=…). */
export const isDone = (done: string) => Object.hasOwn(DONE_KEYS, done);


function ReasonField({ id }: { id: string }) {
  const t = useT();
  return (
    <div class="field">
      <label for={id}>{t.text("moderate.reasonLabel")}</label>
      <p class="hint" id={`${id}-hint`}>
        {t.text("reports.reasonHint")}
      </p>
      <input type="text" id={id} name="reason" required maxLength={2000} aria-describedby={`${id}-hint`} />
    </div>
  );
}

function ActionForm(props: { ctx: PageContext; report: ReportView; action: string; button: string; back: string; children?: ComponentChildren }) {
  const { report } = props;
  return (
    <form method="post" action="/moderation/actions" class="moderate-form">
      <CsrfField token={props.ctx.csrfToken} />
      <input type="hidden" name="flagId" value={report.id} />
      <input type="hidden" name="targetType" value={report.target.type} />
      <input type="hidden" name="targetId" value={report.target.id} />
      <input type="hidden" name="community" value={report.target.type === "persona" ? report.community : ""} />
      <input type="hidden" name="action" value={props.action} />
      <input type="hidden" name="back" value={props.back} />
      <ReasonField id={`reason-${props.action}-${report.id}`} />
      {props.children}
      <button type="submit">{props.button}</button>
    </form>
  );
}

function Reported({ report }: { report: ReportView }) {
  const t = useT();
  const { target, thread, post } = report;
  if (target.type === "persona") {
    return (
      <p>
        {t.text("reports.aMember")} <PersonaBadge persona={target.persona} linked />
      </p>
    );
  }
  const kind = target.type === "post" ? (post?.opening ? "opening" : "reply") : "thread";
  return (
    <>
      <p>
        {t.text("reports.reportedIn", { kind })}{" "}
        {thread ? <a href={`/t/${thread.id}${target.type === "post" ? `#post-${target.id}` : ""}`}>{thread.title}</a> : t.text("reports.aThread")}
        {t.text("reports.by")} <PersonaBadge persona={target.persona} linked />
      </p>
      {thread?.hidden ? <HiddenNotice masked={false} what="thread" /> : null}
      {post?.deleted ? (
        <p class="post-deleted">{t.text("reports.deleted")}</p>
      ) : (
        post && (
          <>
            {post.hidden ? <HiddenNotice masked={false} what="post" /> : null}
            {/* post.html is Markdown rendered at write time with raw HTML escaped (src/discussion/markdown.ts). */}
            <blockquote class="reported-post post-body" dangerouslySetInnerHTML={{ __html: post.html ?? "" }} />
          </>
        )
      )}
    </>
  );
}

function Report({ ctx, report, back }: { ctx: PageContext; report: ReportView; back: string }) {
  const { t } = ctx;
  const hideThis = t.text("moderate.buttonHide", { target: report.target.type });
  return (
    <li class={report.urgency ? `card report safeguarding-alert urgency-${report.urgency}` : "card report"} id={`report-${report.id}`}>
      <h2 class="report-reason">
        {report.urgency ? t.text("reports.safeguardingAlert") : reasonWords(t, report.reason)}
        <span class="hint"> · {t.text("reports.reportedOn", { day: dayWords(report.date, t) })}</span>
      </h2>
      {/* A safeguarding alert (ADR 39): raised by the system for crisis language; high before medium in the queue. */}
      {report.urgency ? (
        <p class="urgency">
          <strong>{report.urgency === "high" ? t.text("reports.urgency.high") : t.text("reports.urgency.medium")}</strong>
          {report.note ? (
            <>
              {" "}
              · {t.text("reports.matchedPhrases")} {report.note}
            </>
          ) : null}
        </p>
      ) : null}
      {!report.urgency && report.note ? (
        <p>
          <span class="visually-hidden">{t.text("reports.detailsFrom")} </span>
          <q>{report.note}</q>
        </p>
      ) : null}
      <Reported report={report} />
      <div class="report-actions">
        {report.can.hide ? (
          <details class="moderate">
            <summary>{hideThis}</summary>
            <ActionForm ctx={ctx} report={report} action="hide" button={hideThis} back={`${back}?done=hide`}>
              {report.can.hideThread ? (
                <div class="field checkbox">
                  <div class="radio">
                    <input type="checkbox" id={`thread-${report.id}`} name="alsoHideThread" value="yes" aria-describedby={`thread-${report.id}-hint`} />
                    <label for={`thread-${report.id}`}>{t.text("moderate.alsoHideThread")}</label>
                    <p class="hint" id={`thread-${report.id}-hint`}>
                      {t.text("moderate.openingHint")}
                    </p>
                  </div>
                </div>
              ) : null}
            </ActionForm>
          </details>
        ) : null}
        {report.can.warn ? (
          <details class="moderate">
            <summary>{t.text("moderate.buttonWarn")}</summary>
            <ActionForm ctx={ctx} report={report} action="warn" button={t.text("moderate.buttonWarn")} back={`${back}?done=warn`} />
          </details>
        ) : null}
        <details class="moderate">
          <summary>{t.text("reports.dismissThis")}</summary>
          <ActionForm ctx={ctx} report={report} action="dismiss" button={t.text("reports.dismissThis")} back={`${back}?done=dismiss`} />
        </details>
        <p>
          <a
            href={`/moderation/act?targetType=${report.target.type}&targetId=${encodeURIComponent(report.target.id)}&flagId=${encodeURIComponent(report.id)}${report.target.type === "persona" ? `&community=${encodeURIComponent(report.community)}` : ""}&back=${encodeURIComponent(back)}`}
          >
            {t.text(report.target.type === "persona" ? "reports.suspendMember" : "reports.suspendAuthor")}
          </a>
        </p>
      </div>
    </li>
  );
}

export function ReportsPage(props: { ctx: PageContext; community: { slug: string; name: string }; reports: Page<ReportView>; cursor?: string; done?: string }) {
  const { ctx, community, reports } = props;
  const back = reportsPath(community.slug);
  const { t } = ctx;
  const done = props.done && isDone(props.done) ? t.text(DONE_KEYS[props.done]!) : undefined;
  const named = { community: community.name };
  const title = t.text("reports.title", named);
  return (
    <Layout ctx={ctx} title={title} community={community}>
      <p class="breadcrumb">
        <a href={`/c/${encodeURIComponent(community.slug)}`}>{t.text("modLog.backTo", named)}</a>
      </p>
      <h1>{title}</h1>
      {done ? <Notice>{done}</Notice> : null}
      <p>
        {t.text("reports.leadBefore")} <a href={`/c/${encodeURIComponent(community.slug)}/moderation/log`}>{t.text("reports.leadLink")}</a>{" "}
        {t.text("reports.leadAfter")}
      </p>
      {reports.items.length === 0 ? (
        <p>{props.cursor ? t.text("reports.noMore") : t.text("reports.none")}</p>
      ) : (
        <ol class="card-list reports">
          {reports.items.map((report) => (
            <Report ctx={ctx} report={report} back={back} />
          ))}
        </ol>
      )}
      {reports.nextCursor ? (
        <p class="pagination">
          <a href={`${back}?cursor=${encodeURIComponent(reports.nextCursor)}`}>{t.text("reports.more")}</a>
        </p>
      ) : null}
    </Layout>
  );
}
