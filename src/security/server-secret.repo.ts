/** The server's own secrets (migrations/0009): read one, or make it if nobody has yet. */
import type { Db } from "../db/connection.ts";

/**
 * The secret called `name`, made from `fresh` when none exists. Two processes starting
 * at once both try the insert; `on conflict do nothing` lets the first win and the
 * select gives both the same value.
 */
export async function findOrCreateSecret(db: Db, name: string, fresh: string): Promise<string> {
  await db.insertInto("server_secrets").values({ name, value: fresh }).onConflict((oc) => oc.column("name").doNothing()).execute();
  const row = await db.selectFrom("server_secrets").select("value").where("name", "=", name).executeTakeFirstOrThrow();
  return row.value;
}
