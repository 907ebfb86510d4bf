/**
 * Sessions as other features need them: two-step sign-in ends every other session
 * when it is turned on or off. The accounts service opens and closes sessions itself.
 */
import type { Db } from "../db/connection.ts";
import { endOtherSessions } from "./sessions.repo.ts";

export class SessionsService {
  constructor(private readonly db: Db) {}

  /** Ends every session of the account but the one with `keepToken`; `db` puts it in the caller's transaction. */
  endOtherSessions(accountId: string, keepToken: string | null | undefined, db: Db = this.db): Promise<number> {
    return endOtherSessions(db, accountId, keepToken);
  }
}
