/** Reading the audit log: each member reads the entries about their own account. */
import type { Db } from "../db/connection.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { forbidden, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { canUseBreakGlass } from "./break-glass.policy.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { presentAdminAuditEntry, presentAuditEntry, type AuditEntryView } from "./audit.presenter.ts";
import { listAllAudit, listAuditOfSubject } from "./audit.repo.ts";

export class AuditLogService {
  constructor(private readonly db: Db) {}

  /** What was done about the viewer's account (reveals asked for, decided and read; moderation), newest first. */
  async mine(viewer: Viewer, cursor?: string, limit = 50, t: Translator = english()): Promise<Page<AuditEntryView>> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const rows = await listAuditOfSubject(this.db, viewer.accountId, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), (row) => presentAuditEntry(row, t));
  }

  /** Every privileged action on the server (reveals and moderation), newest first: administrators only. */
  async all(viewer: Viewer, cursor?: string, limit = 50, t: Translator = english()): Promise<Page<AuditEntryView>> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!canUseBreakGlass(viewer)) throw forbidden(msg("error.auditLog.administratorsOnly"));
    requireSecondFactorFor(viewer);
    const rows = await listAllAudit(this.db, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), (row) => presentAdminAuditEntry(row, t));
  }
}
