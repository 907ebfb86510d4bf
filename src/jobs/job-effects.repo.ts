/** Every query about what background jobs already did (migrations/0010). */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";

export async function isDone(db: Db, jobKey: string, effect: string): Promise<boolean> {
  const row = await db.selectFrom("job_effects").select("effect").where("job_key", "=", jobKey).where("effect", "=", effect).executeTakeFirst();
  return row !== undefined;
}

/** Records an effect as done (once), and forgets those old enough that no job could run again. */
export async function markDone(db: Db, jobKey: string, effect: string): Promise<void> {
  await db
    .insertInto("job_effects")
    .values({ job_key: jobKey, effect })
    .onConflict((oc) => oc.columns(["job_key", "effect"]).doNothing())
    .execute();
  await db.deleteFrom("job_effects").where("done_at", "<", sql<Date>`now() - interval '30 days'`).execute();
}
