/** The SQL of forks: each account's default for whether its content travels with a fork. */
import type { Db } from "../db/connection.ts";
import type { TravelChoice } from "./travel-choice.ts";

/** The account's default, or null when it never chose (which means "ask"). */
export async function travelChoiceOf(db: Db, accountId: string): Promise<TravelChoice | null> {
  const row = await db.selectFrom("fork_travel_preferences").select("choice").where("account_id", "=", accountId).executeTakeFirst();
  return row?.choice ?? null;
}

export async function setTravelChoice(db: Db, accountId: string, choice: TravelChoice): Promise<void> {
  await db
    .insertInto("fork_travel_preferences")
    .values({ account_id: accountId, choice })
    .onConflict((c) => c.column("account_id").doUpdateSet({ choice, updated_at: new Date() }))
    .execute();
}

/** The choices of the accounts that made one, among these. */
export async function travelChoicesOf(db: Db, accountIds: readonly string[]): Promise<{ account_id: string; choice: TravelChoice }[]> {
  if (accountIds.length === 0) return [];
  return db.selectFrom("fork_travel_preferences").select(["account_id", "choice"]).where("account_id", "in", [...accountIds]).execute();
}
