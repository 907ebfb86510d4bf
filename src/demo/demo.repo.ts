/** Queries the demo seed needs: whether it ran, and whether the database is empty. */
import type { Db } from "../db/connection.ts";

export async function hasAnyCommunity(db: Db): Promise<boolean> {
  return (await db.selectFrom("communities").select("id").limit(1).executeTakeFirst()) !== undefined;
}

export async function readSetting(db: Db, name: string): Promise<unknown> {
  const row = await db.selectFrom("instance_settings").select("value").where("name", "=", name).executeTakeFirst();
  return row?.value;
}

export async function writeSetting(db: Db, name: string, value: unknown) {
  await db
    .insertInto("instance_settings")
    .values({ name, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}

export async function markCommunityAsDemo(db: Db, communityId: string) {
  await db.updateTable("communities").set({ is_demo: true }).where("id", "=", communityId).execute();
}

export async function hasDemoCommunity(db: Db): Promise<boolean> {
  return (await db.selectFrom("communities").select("id").where("is_demo", "=", true).limit(1).executeTakeFirst()) !== undefined;
}
