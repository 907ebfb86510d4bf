/**
 * How moderation leaves the server. The target of an action is shown as a persona
 * view only: never the account, the username or another persona of the account.
 * Dates are days, so entries cannot be matched to activity by the second.
 */
import type { FlagReason, ModerationActionKind, ModerationTargetType } from "../db/schema.ts";
import { presentPersona, type PersonaView } from "../personas/persona.presenter.ts";
import type { FlagRow, LogRow, ReportedContentRow, TargetPersonaColumns } from "./moderation.repo.ts";

export type ModerationTargetView = { type: ModerationTargetType; id: string; persona: PersonaView };

export type LogEntryView = {
  id: string;
  action: ModerationActionKind;
  reason: string;
  /** The day it was done (YYYY-MM-DD, UTC). */
  date: string;
  /** For a suspension: the day it ends. */
  until: string | null;
  community: { slug: string; name: string };
  target: ModerationTargetView;
};

export type FlagView = {
  id: string;
  reason: FlagReason;
  note: string | null;
  date: string;
  target: ModerationTargetView;
  /** Set on a safeguarding alert the system raised (crisis language in a post; ADR 39); null on a member's report. */
  urgency: "high" | "medium" | null;
};

export const dayOf = (date: Date) => date.toISOString().slice(0, 10);

export function personaOf(row: TargetPersonaColumns): PersonaView {
  return presentPersona({
    id: row.persona_id,
    kind: row.persona_kind,
    display_name: row.persona_name,
    is_carer: row.persona_is_carer,
    specialty: row.persona_specialty,
    capacity: row.persona_capacity,
    verified_until: row.persona_verified_until,
    verified_from: row.persona_verified_from,
  });
}

export function presentLogEntry(row: LogRow): LogEntryView {
  return {
    id: row.id,
    action: row.action,
    reason: row.reason,
    date: dayOf(row.created_at),
    until: row.until ? dayOf(row.until) : null,
    community: { slug: row.community_slug, name: row.community_name },
    target: { type: row.target_type, id: row.target_id, persona: personaOf(row) },
  };
}

export function presentFlag(row: FlagRow): FlagView {
  return {
    id: row.id,
    reason: row.reason,
    note: row.note,
    date: dayOf(row.created_at),
    urgency: row.urgency,
    target: { type: row.target_type, id: row.target_id, persona: personaOf(row) },
  };
}

/**
 * A report as the community's moderators work it: the flag, what it is about as they
 * read it (hidden words included, with `hidden` saying so), and what they may do.
 * Never who sent it, and the author only as the persona they wrote under.
 */
export type ReportView = FlagView & {
  /** The thread the target is in (a post's thread, or the thread itself); null for a persona. */
  thread: { id: string; title: string; hidden: boolean } | null;
  /** For a post: its words as rendered at write time (safe HTML), or null once deleted. */
  post: { html: string | null; deleted: boolean; hidden: boolean; opening: boolean } | null;
  /** The community's address, for the action forms. */
  community: string;
  can: {
    dismiss: boolean;
    /** Hide the post or thread (false once it is hidden or deleted). */
    hide: boolean;
    /** Offer to hide the thread with an opening post. */
    hideThread: boolean;
    warn: boolean;
  };
};

export function presentReport(flag: FlagView, content: ReportedContentRow | undefined, community: string): ReportView {
  const thread = content?.thread_id && content.thread_title !== null ? { id: content.thread_id, title: content.thread_title, hidden: content.thread_hidden_at !== null } : null;
  const post =
    flag.target.type === "post" && content
      ? { html: content.post_deleted_at ? null : content.post_html, deleted: content.post_deleted_at !== null, hidden: content.post_hidden_at !== null, opening: content.opening }
      : null;
  const hidable = flag.target.type === "post" ? post !== null && !post.deleted && !post.hidden : flag.target.type === "thread" ? thread !== null && !thread.hidden : false;
  return {
    ...flag,
    thread,
    post,
    community,
    can: {
      dismiss: true,
      hide: hidable,
      hideThread: hidable && post !== null && post.opening && thread !== null && !thread.hidden,
      warn: true,
    },
  };
}
