/**
 * Where every notification is written: in its own transaction, with the hook the composition
 * root binds (the mail job, queued in that same transaction: if the write rolls back, no mail
 * is queued; ADR 38), then a cue to the live counts of its account in this process.
 * NotificationsService and the notices kept apart from it (question-notices.ts) share one.
 */
import type { Db } from "../db/connection.ts";

/** Called inside the transaction that wrote a notification. */
export type NotificationWritten = (trx: Db, notificationId: string) => Promise<void>;

export class NotificationWriter {
  private written: NotificationWritten = async () => {};
  private readonly unreadListeners = new Map<string, Set<() => void>>();

  constructor(private readonly db: Db) {}

  whenWritten(hook: NotificationWritten): void {
    this.written = hook;
  }

  /** Calls `listener` when a notification of the account is written here; answers the function that stops it. */
  watch(accountId: string, listener: () => void): () => void {
    const set = this.unreadListeners.get(accountId) ?? new Set();
    set.add(listener);
    this.unreadListeners.set(accountId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.unreadListeners.delete(accountId);
    };
  }

  /** Writes a notification with `insert` (which answers its id, or null when it was there already) and, when new, runs the hook in the same transaction. */
  async write(accountId: string, insert: (trx: Db) => Promise<string | null>): Promise<void> {
    const id = await this.db.transaction().execute(async (trx) => {
      const written = await insert(trx);
      if (written) await this.written(trx, written);
      return written;
    });
    if (id) for (const listener of this.unreadListeners.get(accountId) ?? []) listener();
  }
}
