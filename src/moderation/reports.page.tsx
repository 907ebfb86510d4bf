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
import { REASON_WORDS } from "./report.page.tsx";
import { HiddenNotice, reportsPath } from "./moderation.components.tsx";

/** What the moderator just did, said back to them on this page (?done=…). */
export const DONE_WORDS: Record<string, string> = {
  dismiss: "The report was dismissed. Nothing was changed.",
  hide: "The post is hidden. Its author and the moderators can still read it.",
  hide_thread: "The post and its thread are hidden. The thread's title no longer shows on the community page or in search.",
  warn: "The member was warned. They can read the warning and your reason in their account's record.",
};


function ReasonField({ id }: { id: string }) {
  return (
    <div class="field">
      <label for={id}>Reason</label>
      <p class="hint" id={`${id}-hint`}>
        Shown in the public moderation log and to the member.
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
  const { target, thread, post } = report;
  if (target.type === "persona") {
    return (
      <p>
        A member: <PersonaBadge persona={target.persona} linked />
      </p>
    );
  }
  return (
    <>
      <p>
        {target.type === "post" ? (post?.opening ? "The opening post of" : "A reply in") : "The thread"}{" "}
        {thread ? <a href={`/t/${thread.id}${target.type === "post" ? `#post-${target.id}` : ""}`}>{thread.title}</a> : "a thread"}, by{" "}
        <PersonaBadge persona={target.persona} linked />
      </p>
      {thread?.hidden ? <HiddenNotice masked={false} what="thread" /> : null}
      {post?.deleted ? (
        <p class="post-deleted">Its author deleted this post.</p>
      ) : post ? (
        <>
          {post.hidden ? <HiddenNotice masked={false} what="post" /> : null}
          {/* post.html is Markdown rendered at write time with raw HTML escaped (src/discussion/markdown.ts). */}
          <blockquote class="reported-post post-body" dangerouslySetInnerHTML={{ __html: post.html ?? "" }} />
        </>
      ) : null}
    </>
  );
}

function Report({ ctx, report, back }: { ctx: PageContext; report: ReportView; back: string }) {
  const noun = report.target.type === "persona" ? "member" : report.target.type;
  return (
    <li class="card report" id={`report-${report.id}`}>
      <h2 class="report-reason">
        {REASON_WORDS[report.reason]}
        <span class="hint"> · reported {dayWords(report.date)}</span>
      </h2>
      {report.note ? (
        <p>
          <span class="visually-hidden">Details from the report: </span>
          <q>{report.note}</q>
        </p>
      ) : null}
      <Reported report={report} />
      <div class="report-actions">
        {report.can.hide ? (
          <details class="moderate">
            <summary>Hide this {noun}</summary>
            <ActionForm ctx={ctx} report={report} action="hide" button={`Hide this ${noun}`} back={`${back}?done=hide`}>
              {report.can.hideThread ? (
                <div class="field checkbox">
                  <div class="radio">
                    <input type="checkbox" id={`thread-${report.id}`} name="alsoHideThread" value="yes" aria-describedby={`thread-${report.id}-hint`} />
                    <label for={`thread-${report.id}`}>Hide the whole thread too</label>
                    <p class="hint" id={`thread-${report.id}-hint`}>
                      This post started the thread. Hiding the thread takes its title off the thread page, the community page and search.
                    </p>
                  </div>
                </div>
              ) : null}
            </ActionForm>
          </details>
        ) : null}
        {report.can.warn ? (
          <details class="moderate">
            <summary>Warn this member</summary>
            <ActionForm ctx={ctx} report={report} action="warn" button="Warn this member" back={`${back}?done=warn`} />
          </details>
        ) : null}
        <details class="moderate">
          <summary>Dismiss this report</summary>
          <ActionForm ctx={ctx} report={report} action="dismiss" button="Dismiss this report" back={`${back}?done=dismiss`} />
        </details>
        <p>
          <a
            href={`/moderation/act?targetType=${report.target.type}&targetId=${encodeURIComponent(report.target.id)}&flagId=${encodeURIComponent(report.id)}${report.target.type === "persona" ? `&community=${encodeURIComponent(report.community)}` : ""}&back=${encodeURIComponent(back)}`}
          >
            {report.target.type === "persona" ? "Suspend or ban this member instead" : "Suspend or ban the author instead"}
          </a>
        </p>
      </div>
    </li>
  );
}

export function ReportsPage(props: { ctx: PageContext; community: { slug: string; name: string }; reports: Page<ReportView>; cursor?: string; done?: string }) {
  const { ctx, community, reports } = props;
  const back = reportsPath(community.slug);
  const done = props.done ? DONE_WORDS[props.done] : undefined;
  return (
    <Layout ctx={ctx} title={`Reports in ${community.name}`}>
      <p class="breadcrumb">
        <a href={`/c/${encodeURIComponent(community.slug)}`}>Back to {community.name}</a>
      </p>
      <h1>Reports in {community.name}</h1>
      {done ? (
        <Notice>{done}</Notice>
      ) : null}
      <p>
        Members reported these, oldest first. You are not shown who sent a report, or which account is behind the person reported. Whatever you do
        is written in the <a href={`/c/${encodeURIComponent(community.slug)}/moderation/log`}>public moderation log</a> with your reason.
      </p>
      {reports.items.length === 0 ? (
        <p>{props.cursor ? "There are no more reports." : "There are no reports waiting. Thank you for looking after this community."}</p>
      ) : (
        <ol class="card-list reports">
          {reports.items.map((report) => (
            <Report ctx={ctx} report={report} back={back} />
          ))}
        </ol>
      )}
      {reports.nextCursor ? (
        <p class="pagination">
          <a href={`${back}?cursor=${encodeURIComponent(reports.nextCursor)}`}>More reports</a>
        </p>
      ) : null}
    </Layout>
  );
}
