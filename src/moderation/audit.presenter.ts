/**
 * Audit entries as the member they are about reads them. Administrators who asked
 * for, decided on or read a reveal are named (they answer for it); for moderation
 * entries only the community, the action, its reason and the day are shown (days,
 * as the public moderation log), so a member cannot be turned against the volunteer
 * who moderated them.
 */
import type { PersonaView } from "../personas/persona.presenter.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";
import type { AuditAction, AuditRow } from "./audit.repo.ts";
import { dayOf, personaOf } from "./moderation.presenter.ts";

export type AuditEntryView = {
  id: string;
  action: AuditAction;
  /** A sentence saying what happened. */
  summary: string;
  /** The day it was done (YYYY-MM-DD, UTC). */
  date: string;
  /**
   * When it was done. For a reveal, to the millisecond (administrators answer for it);
   * for a moderation entry, the day only (midnight UTC), as in the public moderation
   * log, so that the member cannot match it to a moderator's activity.
   */
  createdAt: string;
  /** The administrator who did it, by the name of their personal persona (never a username); null for moderation entries. */
  actor: { displayName: string } | null;
  community: { slug: string; name: string } | null;
  /** Your persona the entry is about. */
  persona: PersonaView | null;
  reason: string | null;
  until: string | null;
};

/** Each action's summary, as a catalogue key (written out, so the lint sees each one). */
const SUMMARIES: Record<AuditAction, string> = {
  "break_glass.requested": "audit.summary.breakGlassRequested",
  "break_glass.approved": "audit.summary.breakGlassApproved",
  "break_glass.rejected": "audit.summary.breakGlassRejected",
  "break_glass.revealed": "audit.summary.breakGlassRevealed",
  "moderation.hide": "audit.summary.moderationHide",
  "moderation.unhide": "audit.summary.moderationUnhide",
  "moderation.warn": "audit.summary.moderationWarn",
  "moderation.suspend": "audit.summary.moderationSuspend",
  "moderation.unsuspend": "audit.summary.moderationUnsuspend",
  "moderation.ban": "audit.summary.moderationBan",
};

/** `t` says the summary in the reader's language (English for the API's readers who ask for none). */
export function presentAuditEntry(row: AuditRow, t: Translator = english()): AuditEntryView {
  const moderation = row.action.startsWith("moderation.");
  return {
    id: row.id,
    action: row.action,
    summary: SUMMARIES[row.action] ? t.text(SUMMARIES[row.action]) : row.action,
    date: dayOf(row.created_at),
    createdAt: moderation ? `${dayOf(row.created_at)}T00:00:00.000Z` : row.created_at.toISOString(),
    actor: moderation || !row.actor_name ? null : { displayName: row.actor_name },
    community: row.community_slug && row.community_name ? { slug: row.community_slug, name: row.community_name } : null,
    persona:
      row.persona_id && row.persona_kind && row.persona_name !== null
        ? personaOf({
            persona_id: row.persona_id,
            persona_kind: row.persona_kind,
            persona_name: row.persona_name,
            persona_is_carer: row.persona_is_carer ?? false,
            persona_specialty: row.persona_specialty,
            persona_capacity: row.persona_capacity,
            persona_verified_until: row.persona_verified_until,
            persona_verified_from: row.persona_verified_from,
          })
        : null,
    reason: row.detail.reason ?? null,
    until: row.detail.until ? (moderation ? dayOf(new Date(row.detail.until)) : row.detail.until) : null,
  };
}

/** The same entries in the third person, for the administrators' server-wide log. */
const ADMIN_SUMMARIES: Record<AuditAction, string> = {
  "break_glass.requested": "audit.adminSummary.breakGlassRequested",
  "break_glass.approved": "audit.adminSummary.breakGlassApproved",
  "break_glass.rejected": "audit.adminSummary.breakGlassRejected",
  "break_glass.revealed": "audit.adminSummary.breakGlassRevealed",
  "moderation.hide": "audit.adminSummary.moderationHide",
  "moderation.unhide": "audit.adminSummary.moderationUnhide",
  "moderation.warn": "audit.adminSummary.moderationWarn",
  "moderation.suspend": "audit.adminSummary.moderationSuspend",
  "moderation.unsuspend": "audit.adminSummary.moderationUnsuspend",
  "moderation.ban": "audit.adminSummary.moderationBan",
};

/**
 * An entry of the server-wide log. Like the member's view, it names the persona and
 * never the account behind it (seeing that is what break-glass is for), names
 * administrators by their personal persona and moderators not at all, and gives
 * moderation entries by the day only.
 */
export function presentAdminAuditEntry(row: AuditRow, t: Translator = english()): AuditEntryView {
  return { ...presentAuditEntry(row, t), summary: ADMIN_SUMMARIES[row.action] ? t.text(ADMIN_SUMMARIES[row.action]) : row.action };
}
