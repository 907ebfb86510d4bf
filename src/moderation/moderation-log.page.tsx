/** A community's public moderation log: what was done, to which persona, why, and on which day. */
import type { Page } from "../shared/cursor.ts";
import { Notice, PersonaBadge } from "../web/components.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { LogEntryView } from "./moderation.presenter.ts";
import { dayWords } from "./moderation.words.ts";

const DONE: Record<LogEntryView["action"], string> = {
  hide: "Hid",
  unhide: "Showed again",
  warn: "Warned",
  suspend: "Suspended",
  unsuspend: "Ended the suspension of",
  ban: "Banned",
  dismiss: "Dismissed a flag about",
};

const WHAT: Record<LogEntryView["target"]["type"], string> = { post: "a post by", thread: "a thread by", persona: "" };

function Entry({ entry }: { entry: LogEntryView }) {
  const { target } = entry;
  return (
    <li class="card">
      <p>
        <strong>{dayWords(entry.date)}.</strong> {DONE[entry.action]} {WHAT[target.type]} <PersonaBadge persona={target.persona} />
        {entry.action === "suspend" && entry.until ? ` until ${dayWords(entry.until)}` : ""}.
      </p>
      <p>
        <span class="visually-hidden">Reason: </span>
        <q>{entry.reason}</q>
      </p>
    </li>
  );
}

export function ModerationLogPage(props: { ctx: PageContext; community: { slug: string; name: string }; log: Page<LogEntryView>; cursor?: string; done?: LogEntryView | undefined }) {
  const { ctx, community, log } = props;
  const base = `/c/${encodeURIComponent(community.slug)}`;
  return (
    <Layout ctx={ctx} title={`Moderation log of ${community.name}`}>
      <p class="breadcrumb">
        <a href={base}>Back to {community.name}</a>
      </p>
      <h1>Moderation log of {community.name}</h1>
      {props.done ? (
        <Notice>
          {`Done. ${[DONE[props.done.action], WHAT[props.done.target.type], props.done.target.persona.displayName].filter(Boolean).join(" ")}. It is the first entry below, with your reason.`}
        </Notice>
      ) : null}
      <p>
        Every time a moderator hides something, warns, suspends or bans someone, it is written here with the reason, so anyone can see how this
        community is looked after. People are shown by the name they wrote under, never by their account.
      </p>
      {log.items.length === 0 ? (
        <p>{props.cursor ? "There is nothing older." : "Nothing has been moderated here yet."}</p>
      ) : (
        <ol class="card-list moderation-log">
          {log.items.map((entry) => (
            <Entry entry={entry} />
          ))}
        </ol>
      )}
      {log.nextCursor ? (
        <p class="pagination">
          <a href={`${base}/moderation/log?cursor=${encodeURIComponent(log.nextCursor)}`}>Older entries</a>
        </p>
      ) : null}
    </Layout>
  );
}
