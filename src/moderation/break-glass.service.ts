/**
 * Break-glass: revealing which account is behind a persona. One administrator asks,
 * with a reason; a second, different administrator approves or turns it down; only
 * then may the one who asked read the account, for a few days. Every step, and every
 * reading of the account, is written to the append-only audit log of the member
 * concerned, who can read it.
 */
import type { Db } from "../db/connection.ts";
import type { EventBus } from "../events/event-bus.ts";
import { AppError, forbidden, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { msg, type Said } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import { insertAuditEntry } from "./audit.repo.ts";
import * as policy from "./break-glass.policy.ts";
import { mayReveal, presentRequest, type BreakGlassView } from "./break-glass.presenter.ts";
import * as repo from "./break-glass.repo.ts";
import { findPersonaAccount } from "./moderation.repo.ts";
import { LIMITS } from "../shared/limits.ts";

const MAX_BREAK_GLASS_REASON = LIMITS.moderationReason;

export class BreakGlassService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
  ) {}

  /** Asks to reveal the account behind a persona; another administrator must decide. */
  async request(viewer: Viewer, input: { personaId: string; reason: string }): Promise<BreakGlassView> {
    const admin = this.admin(viewer);
    const reason = checkText("reason", input.reason, msg("problem.breakGlass.sayWhy"));
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const personaId = personaIdOf(input.personaId);
      const persona = personaId ? await findPersonaAccount(trx, personaId) : undefined;
      if (!persona) throw notFound(msg("error.notFound.persona"));
      await repo.insertRequest(trx, { id, persona_id: persona.id, requester_account_id: admin.accountId, reason });
      await insertAuditEntry(trx, {
        id: newId(),
        subject_account_id: persona.account_id,
        actor_account_id: admin.accountId,
        action: "break_glass.requested",
        detail: { requestId: id, personaId: persona.id, reason },
      });
      // The other administrators hear that a request waits for a second one (notifications.job.ts).
      await this.events.publish(trx, { type: "break_glass.requested", requestId: id });
    });
    return presentRequest((await repo.findRequest(this.db, id))!, admin.accountId, false);
  }

  /** What the viewer may do with break-glass, for pages (the "Ask to reveal" link on a persona's page). */
  can(viewer: Viewer): { askToReveal: boolean } {
    return { askToReveal: policy.canUseBreakGlass(viewer) };
  }

  /** Approves or turns down a request: an administrator who neither asked nor is the member concerned. */
  async decide(viewer: Viewer, id: string, decision: "approve" | "reject", reason?: string | null): Promise<BreakGlassView> {
    const admin = this.admin(viewer);
    const why = reason?.trim() || null;
    if (why && why.length > MAX_BREAK_GLASS_REASON) throw invalid("reason", msg("problem.keepUnder", { max: String(MAX_BREAK_GLASS_REASON) }));
    await this.db.transaction().execute(async (trx) => {
      const locked = isId(id) ? await repo.lockRequest(trx, id) : undefined;
      if (!locked) throw notFound(msg("error.notFound.request"));
      const row = (await repo.findRequest(trx, id))!;
      if (!policy.canDecide(admin, row)) {
        throw forbidden(msg("error.breakGlass.secondAdministrator"));
      }
      if (row.status !== "pending") throw new AppError("already_decided", 409, msg("error.breakGlass.alreadyDecided", { status: row.status }));
      const status = decision === "approve" ? "approved" : "rejected";
      await repo.decideRequest(trx, id, { status, decided_by: admin.accountId, decision_reason: why });
      await insertAuditEntry(trx, {
        id: newId(),
        subject_account_id: row.subject_account_id,
        actor_account_id: admin.accountId,
        action: status === "approved" ? "break_glass.approved" : "break_glass.rejected",
        detail: { requestId: id, personaId: row.persona_id, reason: why },
      });
    });
    return presentRequest((await repo.findRequest(this.db, id))!, admin.accountId, false);
  }

  /**
   * One request. The account is included only for the administrator who asked, after
   * approval and within the reveal window, and each time it is, the reading is audited.
   */
  async get(viewer: Viewer, id: string): Promise<BreakGlassView> {
    const admin = this.admin(viewer);
    const row = isId(id) ? await repo.findRequest(this.db, id) : undefined;
    if (!row) throw notFound(msg("error.notFound.request"));
    const reveal = mayReveal(row, admin.accountId);
    if (reveal) {
      await this.db.transaction().execute(async (trx) => {
        await insertAuditEntry(trx, {
          id: newId(),
          subject_account_id: row.subject_account_id,
          actor_account_id: admin.accountId,
          action: "break_glass.revealed",
          detail: { requestId: row.id, personaId: row.persona_id, reason: row.reason },
        });
        // The member is told, once per request, that their account was seen (notifications.job.ts, ADR 31).
        await this.events.publish(trx, { type: "break_glass.revealed", requestId: row.id });
      });
    }
    return presentRequest(row, admin.accountId, reveal);
  }

  /** Requests by status (pending first to decide); never with the account. */
  async list(viewer: Viewer, status: repo.BreakGlassStatus = "pending"): Promise<{ items: BreakGlassView[]; nextCursor: null }> {
    const admin = this.admin(viewer);
    const rows = await repo.listRequests(this.db, status, 200);
    return { items: rows.map((row) => presentRequest(row, admin.accountId, false)), nextCursor: null };
  }

  /**
   * Who is told about a request (notifications.job.ts): the administrators who could decide it
   * while it waits (not the one who asked, not the member it is about), and the member whose
   * persona it is about. Account ids, used inside the server only.
   */
  async requestForNotice(id: string): Promise<{ id: string; status: repo.BreakGlassStatus; subjectAccountId: string; personaId: string; createdAt: Date; deciders: string[] } | null> {
    const row = await repo.findRequest(this.db, id);
    if (!row) return null;
    const admins = await repo.listAdminAccountIds(this.db);
    const deciders = admins.filter((accountId) => accountId !== row.requester_account_id && accountId !== row.subject_account_id);
    return { id: row.id, status: row.status, subjectAccountId: row.subject_account_id, personaId: row.persona_id, createdAt: row.created_at, deciders };
  }

  private admin(viewer: Viewer): SignedInViewer {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!policy.canUseBreakGlass(viewer)) throw forbidden(msg("error.breakGlass.administratorsOnly"));
    return viewer;
  }
}

function checkText(field: string, value: string, empty: Said): string {
  const trimmed = value.trim();
  if (!trimmed) throw invalid(field, empty);
  if (trimmed.length > MAX_BREAK_GLASS_REASON) throw invalid(field, msg("problem.keepUnder", { max: String(MAX_BREAK_GLASS_REASON) }));
  return trimmed;
}

/**
 * The persona an administrator means: its id, or its address as its page shows it
 * (https://host/personas/<id>, /personas/<id>, with or without a trailing slash,
 * query or fragment). Anything else is no persona (a 404, like an unknown id).
 */
export function personaIdOf(typed: string): string | null {
  const text = typed.trim();
  if (isId(text)) return text;
  const match = /^(?:https?:\/\/[^/\s]+)?\/personas\/([A-Za-z0-9_-]{16})\/?(?:[?#].*)?$/.exec(text);
  return match ? match[1]! : null;
}
