/** Every query about mailing notifications: each type's email choice, office hours, and digests done (ADR 38). */
import { sql } from "kysely";
import { writePreferences } from "./notifications.repo.ts";
import type { Db } from "../db/connection.ts";
import type { DigestFrequency, EmailChoice } from "./notification-types.ts";
import type { OfficeHours } from "./office-hours.ts";

/** Each type's email choice is a member_preferences row 'email.notifications.<type>' holding the choice as a JSON string. */
const EMAIL_PREFIX = "email.notifications.";
const OFFICE_HOURS = "email.officeHours";

/** The email choices the account made (types it never chose are left out: their default holds). */
export async function emailChoicesOf(db: Db, accountId: string): Promise<Record<string, EmailChoice>> {
  const rows = await db
    .selectFrom("member_preferences")
    .select(["name", "value"])
    .where("account_id", "=", accountId)
    .where("name", "like", `${EMAIL_PREFIX}%`)
    .execute();
  return Object.fromEntries(rows.filter((r) => typeof r.value === "string").map((r) => [r.name.slice(EMAIL_PREFIX.length), r.value as EmailChoice]));
}

export async function setEmailChoices(db: Db, accountId: string, choices: Record<string, EmailChoice>): Promise<void> {
  await writePreferences(db, accountId, EMAIL_PREFIX, choices);
}

export async function officeHoursOf(db: Db, accountId: string): Promise<OfficeHours | null> {
  const row = await db.selectFrom("member_preferences").select("value").where("account_id", "=", accountId).where("name", "=", OFFICE_HOURS).executeTakeFirst();
  const value = row?.value as OfficeHours | null | undefined;
  return value && typeof value === "object" && Array.isArray(value.days) ? value : null;
}

/** The office hours of those of these accounts that keep them. */
export async function officeHoursOfAccounts(db: Db, accountIds: string[]): Promise<Map<string, OfficeHours>> {
  const hours = new Map<string, OfficeHours>();
  if (accountIds.length === 0) return hours;
  const rows = await db.selectFrom("member_preferences").select(["account_id", "value"]).where("account_id", "in", accountIds).where("name", "=", OFFICE_HOURS).execute();
  for (const row of rows) {
    const value = row.value as OfficeHours | null;
    if (value && typeof value === "object" && Array.isArray(value.days)) hours.set(row.account_id, value);
  }
  return hours;
}

export async function setOfficeHours(db: Db, accountId: string, hours: OfficeHours | null): Promise<void> {
  if (hours === null) {
    await db.deleteFrom("member_preferences").where("account_id", "=", accountId).where("name", "=", OFFICE_HOURS).execute();
    return;
  }
  await writePreferences(db, accountId, "", { [OFFICE_HOURS]: hours });
}

/**
 * Accounts that chose `frequency` for some type and have no digest of it done for `period`,
 * after `afterAccount` in id order, at most `limit` (the scheduled pass pages through them).
 */
export async function accountsDueForDigest(db: Db, frequency: DigestFrequency, period: string, afterAccount: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("member_preferences as mp")
    .select("mp.account_id")
    .distinct()
    .where("mp.name", "like", `${EMAIL_PREFIX}%`)
    .where(sql<boolean>`mp.value = ${JSON.stringify(frequency)}::jsonb`)
    .where("mp.account_id", ">", afterAccount)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("notification_digests as d")
            .select("d.account_id")
            .whereRef("d.account_id", "=", "mp.account_id")
            .where("d.frequency", "=", frequency)
            .where("d.period", "=", period),
        ),
      ),
    )
    .orderBy("mp.account_id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.account_id);
}

export async function digestDone(db: Db, accountId: string, frequency: DigestFrequency, period: string): Promise<boolean> {
  const row = await db
    .selectFrom("notification_digests")
    .select("account_id")
    .where("account_id", "=", accountId)
    .where("frequency", "=", frequency)
    .where("period", "=", period)
    .executeTakeFirst();
  return row !== undefined;
}

/** Where the account's last digest of this frequency stopped; null before the first. */
export async function lastCovered(db: Db, accountId: string, frequency: DigestFrequency): Promise<Date | null> {
  const row = await db
    .selectFrom("notification_digests")
    .select("covered_until")
    .where("account_id", "=", accountId)
    .where("frequency", "=", frequency)
    .orderBy("covered_until", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(row.covered_until) : null;
}

/** Records a period's digest as done; a second record of the same period changes nothing. */
export async function recordDigest(db: Db, row: { account_id: string; frequency: DigestFrequency; period: string; covered_until: Date; notification_count: number }): Promise<void> {
  await db
    .insertInto("notification_digests")
    .values(row)
    .onConflict((oc) => oc.columns(["account_id", "frequency", "period"]).doNothing())
    .execute();
}

