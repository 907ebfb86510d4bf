/** Every query about mentions and notifications. */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { NotificationKind } from "../db/schema.ts";
import { exactTimestamp } from "../db/keyset.ts";
import { readableSpaceCondition } from "../db/visibility.sql.ts";
import type { Position } from "../shared/cursor.ts";
import type { SignedInViewer } from "../shared/viewer.ts";
import { personaJson, type PersonaJson } from "../db/persona-columns.ts";

/**
 * A post with what deciding who to tell needs: its words, where it is, and the
 * accounts behind its author and the thread's author (used here, never sent out).
 */
export async function findPostForNotifying(db: Db, postId: string) {
  return db
    .selectFrom("posts as po")
    .innerJoin("personas as author", "author.id", "po.author_persona_id")
    .innerJoin("threads as t", "t.id", "po.thread_id")
    .innerJoin("personas as starter", "starter.id", "t.author_persona_id")
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .innerJoin("communities as c", "c.id", "po.community_id")
    .select([
      "po.id",
      "po.body",
      "po.community_id",
      "po.thread_id",
      "po.deleted_at",
      "po.created_at",
      "po.edited_at",
      "po.author_persona_id",
      "author.account_id as author_account_id",
      "t.space_id",
      "t.author_persona_id as thread_author_persona_id",
      "starter.account_id as thread_author_account_id",
      "s.visibility as space_visibility",
      "c.slug as community_slug",
      "c.visibility as community_visibility",
    ])
    .where("po.id", "=", postId)
    .executeTakeFirst();
}

/** The active personas among these ids, with the account behind each (never sent out). */
export async function findActivePersonas(db: Db, ids: string[]): Promise<{ id: string; account_id: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("personas").select(["id", "account_id"]).where("id", "in", ids).where("status", "=", "active").execute();
}

/** Makes a post's mentions exactly these personas. */
export async function replaceMentions(db: Db, postId: string, communityId: string, personaIds: string[]) {
  let removal = db.deleteFrom("mentions").where("post_id", "=", postId);
  if (personaIds.length) removal = removal.where("persona_id", "not in", personaIds);
  await removal.execute();
  if (personaIds.length === 0) return;
  await db
    .insertInto("mentions")
    .values(personaIds.map((persona_id) => ({ post_id: postId, persona_id, community_id: communityId })))
    .onConflict((oc) => oc.columns(["post_id", "persona_id"]).doNothing())
    .execute();
}

export async function deleteMentionsOfPost(db: Db, postId: string) {
  await db.deleteFrom("mentions").where("post_id", "=", postId).execute();
}

/** Records a notification; nothing when the account was already told about this post. */
export async function insertNotification(
  db: Db,
  row: {
    id: string;
    account_id: string;
    persona_id: string;
    kind: NotificationKind;
    community_id: string;
    thread_id: string;
    post_id: string;
    actor_persona_id: string;
    created_at: Date;
  },
): Promise<string | null> {
  const inserted = await db
    .insertInto("notifications")
    .values(row)
    .onConflict((oc) => oc.columns(["account_id", "post_id"]).where("source_key", "is", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export async function deleteNotificationsOfPost(db: Db, postId: string) {
  await db.deleteFrom("notifications").where("post_id", "=", postId).execute();
}

export type NotificationRow = {
  id: string;
  kind: NotificationKind;
  thread_id: string | null;
  thread_title: string | null;
  community_slug: string | null;
  community_name: string | null;
  community_visibility: string | null;
  /** Its thread is one anyone could read signed out (a public space of a public community, not hidden): mail may name it. */
  thread_public: boolean;
  post_id: string | null;
  subject_id: string | null;
  reason: string | null;
  /** Batched reactions (migrations/0019): which, and how many people gave it. */
  reaction_kind: string | null;
  /** A closed poll's question (poll_closed, migrations/0026). */
  poll_question: string | null;
  actor_count: number | null;
  /** An event's notification (migrations/0032): the event, what it says beyond its kind, and an organisers' message (to its reader alone). */
  event_id: string | null;
  event_title: string | null;
  event_starts_at: Date | null;
  event_time_zone: string | null;
  /** The event is one anyone could read signed out: mail may name it. */
  event_public: boolean;
  detail: string | null;
  event_message: string | null;
  created_at: Date;
  /** created_at to the microsecond, for the cursor. */
  cursor_at: string;
  read_at: Date | null;
  /** The recipient's own persona the notification concerns (none for some outcomes). */
  me: PersonaJson | null;
  /** The persona that acted: all that is ever shown of who did it (none for outcomes). */
  actor: PersonaJson | null;
};

/**
 * An account's notifications that it may still act on. About a post: one neither deleted
 * nor hidden, in a thread the account can still read (someone who left a members-only
 * community is no longer told what was said there). A poll's closing, and a question routed or
 * left with nobody to ask (ADR 51): while its thread is readable and not hidden, the same way. An outcome is the account's own news and stays.
 */
function shownNotifications(db: Db, viewer: SignedInViewer) {
  return db
    .selectFrom("notifications as n")
    .leftJoin("posts as po", "po.id", "n.post_id")
    // Each notification's thread by its key (offset 0 keeps it a lookup per notification: never
    // a hash of every thread, however few notifications the planner expects; ADR 0033). Left
    // joins: a notification of an outcome is about no post or thread (ADR 31).
    .leftJoin(
      sql<{ id: string; space_id: string; title: string; hidden_at: Date | null }>`lateral (select th.id, th.space_id, th.title, th.hidden_at from threads th where th.id = n.thread_id offset 0)`.as("t"),
      (join) => join.onTrue(),
    )
    .leftJoin("spaces as s", "s.id", "t.space_id")
    .leftJoin("communities as c", "c.id", "n.community_id")
    .leftJoin("events as ev", "ev.id", "n.event_id")
    .where("n.account_id", "=", viewer.accountId)
    .where(
      sql<boolean>`(case
        when n.post_id is not null then (po.deleted_at is null and po.hidden_at is null and t.hidden_at is null and ${readableSpaceCondition(viewer)})
        when n.kind in ('poll_closed', 'question_routed', 'question_unanswered') then (t.hidden_at is null and ${readableSpaceCondition(viewer)})
        else true end)`,
    );
}

/** The shown notifications with what the presenter needs. */
function notificationRows(db: Db, viewer: SignedInViewer) {
  return shownNotifications(db, viewer)
    .leftJoin("personas as me", "me.id", "n.persona_id")
    .leftJoin("personas as actor", "actor.id", "n.actor_persona_id")
    .select([
      "n.id",
      "n.kind",
      "n.thread_id",
      "t.title as thread_title",
      "c.slug as community_slug",
      "c.name as community_name",
      "c.visibility as community_visibility",
      sql<boolean>`(t.id is not null and s.visibility = 'public' and c.visibility = 'public' and t.hidden_at is null)`.as("thread_public"),
      "n.post_id",
      "n.subject_id",
      "n.reason",
      "n.reaction_kind",
      "n.actor_count",
      // A closed poll's question, by its id (subject_id): a lookup per notification of that kind only.
      sql<string | null>`case when n.kind = 'poll_closed' then (select pl.question from polls pl where pl.id = n.subject_id) end`.as("poll_question"),
      "n.event_id",
      "ev.title as event_title",
      "ev.starts_at as event_starts_at",
      "ev.time_zone as event_time_zone",
      sql<boolean>`(ev.id is not null and c.visibility = 'public' and exists (select 1 from spaces es where es.id = ev.space_id and es.visibility = 'public'))`.as("event_public"),
      "n.detail",
      // An organisers' message, by its id (subject_id): a lookup per notification of that kind only.
      sql<string | null>`case when n.kind = 'event_message' then (select em.body from event_messages em where em.id = n.subject_id) end`.as("event_message"),
      "n.created_at",
      "n.read_at",
      sql<PersonaJson | null>`case when me.id is null then null else ${personaJson("me")} end`.as("me"),
      sql<PersonaJson | null>`case when actor.id is null then null else ${personaJson("actor")} end`.as("actor"),
    ])
    .select(exactTimestamp("n.created_at").as("cursor_at"));
}

export async function listNotifications(db: Db, viewer: SignedInViewer, after: Position | null, limit: number): Promise<NotificationRow[]> {
  let query = notificationRows(db, viewer).orderBy("n.created_at", "desc").orderBy("n.id", "desc").limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(n.created_at, n.id) < (${after.at}::timestamptz, ${after.id})`);
  return query.execute() as Promise<NotificationRow[]>;
}

/** One of the account's own shown notifications; undefined for anyone else's. */
export async function findOwnNotification(db: Db, viewer: SignedInViewer, id: string): Promise<NotificationRow | undefined> {
  return notificationRows(db, viewer).where("n.id", "=", id).executeTakeFirst() as Promise<NotificationRow | undefined>;
}

/** How many unread notifications an account has, counted up to `cap` (the header shows "99+" beyond). */
export async function countUnread(db: Db, viewer: SignedInViewer, cap: number): Promise<number> {
  const row = await db
    .selectFrom(shownNotifications(db, viewer).where("n.read_at", "is", null).select("n.id").limit(cap).as("unread"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks an account's notifications read: the ones listed, or all. Others' ids are passed over. */
export async function markRead(db: Db, accountId: string, ids?: string[]): Promise<void> {
  if (ids && ids.length === 0) return;
  let update = db.updateTable("notifications").set({ read_at: new Date() }).where("account_id", "=", accountId).where("read_at", "is", null);
  if (ids) update = update.where("id", "in", ids);
  await update.execute();
}

/**
 * Records an outcome notification once per account and source; returns its id, whether it
 * was written now or by an earlier run of the same job.
 */
export async function insertOutcome(
  db: Db,
  row: {
    id: string;
    account_id: string;
    kind: NotificationKind;
    source_key: string;
    persona_id: string | null;
    community_id: string | null;
    thread_id: string | null;
    subject_id: string | null;
    reason: string | null;
    created_at: Date;
  },
): Promise<string> {
  await db
    .insertInto("notifications")
    .values(row)
    .onConflict((oc) => oc.columns(["account_id", "source_key"]).where("source_key", "is not", null).doNothing())
    .execute();
  const found = await db
    .selectFrom("notifications")
    .select("id")
    .where("account_id", "=", row.account_id)
    .where("source_key", "=", row.source_key)
    .executeTakeFirstOrThrow();
  return found.id;
}

/** The account's email for mail about an outcome: none for a suspended or closed account, and none until its owner proved the address reaches them (ADR 29), since an unverified address may be someone else's. */
export async function findEmailOfAccount(db: Db, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom("accounts")
    .select("email")
    .where("id", "=", accountId)
    .where("status", "=", "active")
    .where("email_verified_at", "is not", null)
    .executeTakeFirst();
  return row?.email ?? null;
}

const OUTCOME_EMAILS = "email.outcomes";

/** Whether the account wants mail about outcomes; true until it says otherwise. */
export async function wantsOutcomeEmails(db: Db, accountId: string): Promise<boolean> {
  const row = await db.selectFrom("member_preferences").select("value").where("account_id", "=", accountId).where("name", "=", OUTCOME_EMAILS).executeTakeFirst();
  return row ? row.value !== false : true;
}

export async function setOutcomeEmails(db: Db, accountId: string, wanted: boolean): Promise<void> {
  await writePreferences(db, accountId, "", { [OUTCOME_EMAILS]: wanted });
}

/**
 * Records a notification keyed by what it is about (`source_key`: a new follower, a post's
 * reactions of one kind), once per account and key; nothing when it is already there.
 */
export async function insertKeyed(
  db: Db,
  row: {
    id: string;
    account_id: string;
    kind: NotificationKind;
    source_key: string;
    persona_id: string | null;
    actor_persona_id: string | null;
    created_at: Date;
    community_id?: string;
    thread_id?: string;
    subject_id?: string;
    event_id?: string;
    detail?: string | null;
    /** An accepted answer (answer_accepted, ADR 51). */
    post_id?: string;
  },
): Promise<string | null> {
  const inserted = await db
    .insertInto("notifications")
    .values(row)
    .onConflict((oc) => oc.columns(["account_id", "source_key"]).where("source_key", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/**
 * How many people gave this kind of reaction to a post, not counting the author's own
 * account (under any persona), and when the latest came. Counted, never listed.
 */
export async function reactionsFromOthers(db: Db, postId: string, kind: string, authorAccountId: string): Promise<{ count: number; latest: Date | null }> {
  const row = await db
    .selectFrom("reactions as r")
    .innerJoin("personas as p", "p.id", "r.persona_id")
    .where("r.post_id", "=", postId)
    .where("r.kind", "=", kind as never)
    .where("p.account_id", "<>", authorAccountId)
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("r.created_at").as("latest")])
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), latest: row.latest ? new Date(row.latest as unknown as string) : null };
}

/**
 * One notification per post and reaction kind (source_key 'reactions:<post>:<kind>'),
 * its count set to `count`: written when new, updated (and unread again) when the count
 * changed, untouched when a rerun finds the same count.
 */
export async function upsertReactions(
  db: Db,
  row: { id: string; account_id: string; persona_id: string; community_id: string; thread_id: string; post_id: string; source_key: string; reaction_kind: string; actor_count: number; created_at: Date },
): Promise<string | null> {
  const inserted = await db
    .insertInto("notifications")
    .values({ ...row, kind: "reactions" })
    .onConflict((oc) =>
      oc
        .columns(["account_id", "source_key"])
        .where("source_key", "is not", null)
        .doUpdateSet({ actor_count: row.actor_count, created_at: row.created_at, read_at: null })
        .where(sql<boolean>`notifications.actor_count is distinct from ${row.actor_count}::int`),
    )
    .returning(["id", sql<boolean>`xmax = 0`.as("inserted")])
    .executeTakeFirst();
  // Mailed once, when first written: a count that grows makes it unread again, not another mail.
  return inserted?.inserted ? inserted.id : null;
}

/** Event reminders (ADR 47) are member_preferences named 'eventReminders.<dayBefore|twoHoursBefore>'; one never set is on. */
const REMINDER_PREFIX = "eventReminders.";

/** The reminders each of these accounts turned off ("dayBefore", "twoHoursBefore"). */
export async function remindersTurnedOff(db: Db, accountIds: string[]): Promise<Map<string, Set<string>>> {
  return turnedOffUnder(db, accountIds, REMINDER_PREFIX);
}

export async function setReminders(db: Db, accountId: string, reminders: Record<string, boolean>): Promise<void> {
  await writePreferences(db, accountId, REMINDER_PREFIX, reminders);
}

/** Notification preferences are member_preferences named 'notifications.<type>'; a type never set is on. */
const PREFERENCE_PREFIX = "notifications.";

/** The types each of these accounts turned off. */
export async function typesTurnedOff(db: Db, accountIds: string[]): Promise<Map<string, Set<string>>> {
  return turnedOffUnder(db, accountIds, PREFERENCE_PREFIX);
}

/** The switches under `prefix` ("notifications.", "eventReminders.") each account turned off: one never set is on. */
async function turnedOffUnder(db: Db, accountIds: string[], prefix: string): Promise<Map<string, Set<string>>> {
  const off = new Map<string, Set<string>>();
  if (accountIds.length === 0) return off;
  const rows = await db
    .selectFrom("member_preferences")
    .select(["account_id", "name", "value"])
    .where("account_id", "in", accountIds)
    .where("name", "like", `${prefix}%`)
    .execute();
  for (const row of rows) {
    if (row.value !== false) continue;
    off.set(row.account_id, (off.get(row.account_id) ?? new Set<string>()).add(row.name.slice(prefix.length)));
  }
  return off;
}

export async function setNotificationTypes(db: Db, accountId: string, types: Record<string, boolean>): Promise<void> {
  await writePreferences(db, accountId, PREFERENCE_PREFIX, types);
}

/** Writes an account's preferences named `<prefix><key>` (each value as JSON), replacing what they were. */
export async function writePreferences(db: Db, accountId: string, prefix: string, values: Record<string, unknown>): Promise<void> {
  const rows = Object.entries(values).map(([key, value]) => ({ account_id: accountId, name: `${prefix}${key}`, value: JSON.stringify(value) }));
  if (rows.length === 0) return;
  await db
    .insertInto("member_preferences")
    .values(rows)
    .onConflict((oc) => oc.columns(["account_id", "name"]).doUpdateSet({ value: sql`excluded.value`, updated_at: new Date() }))
    .execute();
}

/**
 * A digest's notifications: the account's unread ones still shown (as the list shows them),
 * of these kinds, written after `since` and up to `until`, oldest first; at most `limit`.
 */
export async function listUnreadForDigest(db: Db, viewer: SignedInViewer, kinds: NotificationKind[], since: Date, until: Date, limit: number): Promise<NotificationRow[]> {
  if (kinds.length === 0) return [];
  return notificationRows(db, viewer)
    .where("n.read_at", "is", null)
    .where("n.kind", "in", kinds)
    .where("n.created_at", ">", since)
    .where("n.created_at", "<=", until)
    .orderBy("n.created_at", "asc")
    .orderBy("n.id", "asc")
    .limit(limit)
    .execute() as Promise<NotificationRow[]>;
}

/** Whose notification this is (for mailing it; never sent out). */
export async function findNotificationOwner(db: Db, id: string): Promise<{ account_id: string; kind: NotificationKind } | undefined> {
  return db.selectFrom("notifications").select(["account_id", "kind"]).where("id", "=", id).executeTakeFirst();
}
