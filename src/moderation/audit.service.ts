/** Reading the audit log: each member reads the entries about their own account. */
import type { Db } from "../db/connection.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { notSignedIn } from "../shared/errors.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { presentAuditEntry, type AuditEntryView } from "./audit.presenter.ts";
import { listAuditOfSubject } from "./audit.repo.ts";

export class AuditLogService {
  constructor(private readonly db: Db) {}

  /** What was done about the viewer's account (reveals asked for, decided and read; moderation), newest first. */
  async mine(viewer: Viewer, cursor?: string, limit = 50): Promise<Page<AuditEntryView>> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const rows = await listAuditOfSubject(this.db, viewer.accountId, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), presentAuditEntry);
  }
}
