/**
 * Break-glass requests as administrators see them. The account behind the persona is
 * added only for the administrator who asked, once another administrator approved,
 * and only while the reveal window lasts; every such view is written to the audit log.
 */
import type { PersonaView } from "../personas/persona.presenter.ts";
import type { BreakGlassRow, BreakGlassStatus } from "./break-glass.repo.ts";
import { personaOf } from "./moderation.presenter.ts";

/** How long the requester may read an approved reveal. */
export const REVEAL_DAYS = 7;

export type BreakGlassView = {
  id: string;
  status: BreakGlassStatus;
  persona: PersonaView;
  reason: string;
  requestedBy: { username: string };
  decidedBy: { username: string } | null;
  decisionReason: string | null;
  createdAt: string;
  decidedAt: string | null;
  /** Until when the requester can read the account (approved requests only). */
  revealUntil: string | null;
  /** Whether the viewer asked for this request (and so cannot decide it). */
  mine: boolean;
  account?: { id: string; username: string };
};

export function revealUntil(row: Pick<BreakGlassRow, "status" | "decided_at">): Date | null {
  if (row.status !== "approved" || !row.decided_at) return null;
  return new Date(row.decided_at.getTime() + REVEAL_DAYS * 24 * 3600 * 1000);
}

/** Whether this viewer may read the account now: the requester, after approval, within the window. */
export function mayReveal(row: BreakGlassRow, viewerAccountId: string, now = new Date()): boolean {
  const until = revealUntil(row);
  return row.requester_account_id === viewerAccountId && until !== null && until.getTime() > now.getTime();
}

export function presentRequest(row: BreakGlassRow, viewerAccountId: string, reveal: boolean): BreakGlassView {
  const until = revealUntil(row);
  return {
    id: row.id,
    status: row.status,
    persona: personaOf({ ...row }),
    reason: row.reason,
    requestedBy: { username: row.requester_username },
    decidedBy: row.decider_username ? { username: row.decider_username } : null,
    decisionReason: row.decision_reason,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    revealUntil: until ? until.toISOString() : null,
    mine: row.requester_account_id === viewerAccountId,
    ...(reveal ? { account: { id: row.subject_account_id, username: row.subject_username } } : {}),
  };
}
