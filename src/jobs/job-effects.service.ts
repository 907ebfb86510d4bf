/**
 * Makes a job's effects outside the database happen once, however often the job runs.
 * A job is retried after a failure or a crash, so a handler that mails three people and
 * fails on the third would otherwise mail the first two again (ADR 22).
 *
 * An effect is recorded just after it succeeded, so a retry skips it. The one gap left
 * is a crash between the two (the mail went, the record did not): then that one mail
 * goes twice. The other order would lose the mail instead, which is worse for a message
 * someone is waiting for.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/connection.ts";
import * as repo from "./job-effects.repo.ts";

export class JobEffectsService {
  constructor(private readonly db: Db) {}

  /**
   * Runs `effect` unless the job `jobKey` already did it; records it once it succeeded.
   * Returns whether it ran now. `effectKey` must not hold personal data: see `mailEffect`.
   */
  async once(jobKey: string, effectKey: string, effect: () => Promise<void>): Promise<boolean> {
    if (await repo.isDone(this.db, jobKey, effectKey)) return false;
    await effect();
    await repo.markDone(this.db, jobKey, effectKey);
    return true;
  }
}

/** The effect key of a mail to an address: a hash, so that no address is copied into job_effects. */
export function mailEffect(address: string): string {
  return `mail:${createHash("sha256").update(address.trim().toLowerCase()).digest("hex")}`;
}
