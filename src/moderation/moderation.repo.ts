/**
 * Every query of moderation: finding what is acted on (with the account behind it,
 * which stays inside the service), hiding, the public log and the flag queue.
 */
import { sql } from "kysely";
import type { Db } from "../db/connection.ts";
import type { CommunityVisibility, FlagReason, ModerationActionKind, ModerationTargetType, SpaceVisibility } from "../db/schema.ts";
import type { Position } from "../shared/cursor.ts";
import { dayTimestamp } from "../db/keyset.ts";
import { personaColumns, type PersonaColumns } from "../db/persona-columns.ts";
import { readableSpaceCondition } from "../db/visibility.sql.ts";
import type { SignedInViewer } from "../shared/viewer.ts";

/** What an action or a flag is about, resolved to its community and the persona behind it. */
export type Target = {
  type: ModerationTargetType;
  id: string;
  community_id: string;
  community_slug: string;
  /** The persona the log shows: the author of a post or thread, or the persona itself. */
  persona_id: string;
  /** Never leaves the service: the sanction and the audit entry are keyed by it. */
  account_id: string;
  hidden_at: Date | null;
  deleted_at: Date | null;
  /** Who may read it, for telling a non-moderator 404 (cannot see it) from 403 (may not act). */
  community_visibility: CommunityVisibility;
  space_visibility: SpaceVisibility;
};

export async function findPostTarget(db: Db, postId: string): Promise<Target | undefined> {
  return db
    .selectFrom("posts as po")
    .innerJoin("personas as p", "p.id", "po.author_persona_id")
    .innerJoin("communities as c", "c.id", "po.community_id")
    .innerJoin("threads as t", "t.id", "po.thread_id")
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .select([
      "c.visibility as community_visibility",
      "s.visibility as space_visibility",
      sql<ModerationTargetType>`'post'`.as("type"),
      "po.id",
      "po.community_id",
      "c.slug as community_slug",
      "p.id as persona_id",
      "p.account_id",
      "po.hidden_at",
      "po.deleted_at",
    ])
    .where("po.id", "=", postId)
    .executeTakeFirst();
}

export async function findThreadTarget(db: Db, threadId: string): Promise<Target | undefined> {
  return db
    .selectFrom("threads as t")
    .innerJoin("personas as p", "p.id", "t.author_persona_id")
    .innerJoin("communities as c", "c.id", "t.community_id")
    .innerJoin("spaces as s", "s.id", "t.space_id")
    .select([
      "c.visibility as community_visibility",
      "s.visibility as space_visibility",
      sql<ModerationTargetType>`'thread'`.as("type"),
      "t.id",
      "t.community_id",
      "c.slug as community_slug",
      "p.id as persona_id",
      "p.account_id",
      "t.hidden_at",
      sql<Date | null>`null`.as("deleted_at"),
    ])
    .where("t.id", "=", threadId)
    .executeTakeFirst();
}

/** The account behind a persona: for the service's use only. */
export async function findPersonaAccount(db: Db, personaId: string): Promise<{ id: string; account_id: string } | undefined> {
  return db.selectFrom("personas").select(["id", "account_id"]).where("id", "=", personaId).executeTakeFirst();
}

/**
 * Whether the persona wrote a thread or a post (not deleted) in a space of the
 * community the viewer can read. With being the face of a member the viewer is shown
 * (asked of communities), this is what "the viewer can already see the persona" means
 * (ModerationService.personaSeenBy): the answer tells them nothing the pages they can
 * read do not already show — not that a persona writes in a space they cannot read,
 * nor that an account is a member of a community whose members they cannot list, nor
 * that another persona shares an account with a member.
 */
export async function personaWritesWhereSeen(db: Db, viewer: SignedInViewer, communityId: string, personaId: string, manager: boolean): Promise<boolean> {
  // Hidden threads are listed only for their author and the moderators: what is in them shows no one else the persona.
  const shownThread = manager ? sql<boolean>`true` : sql<boolean>`t.hidden_at is null`;
  const row = await sql<{ seen: boolean }>`
    select (
      exists (
        select 1 from threads t join spaces s on s.id = t.space_id join communities c on c.id = t.community_id
        where t.community_id = ${communityId} and t.author_persona_id = ${personaId} and ${shownThread} and ${readableSpaceCondition(viewer)}
      ) or exists (
        select 1 from posts po join threads t on t.id = po.thread_id join spaces s on s.id = t.space_id join communities c on c.id = t.community_id
        where po.community_id = ${communityId} and po.author_persona_id = ${personaId} and po.deleted_at is null
          and ${shownThread} and ${readableSpaceCondition(viewer)}
      )
    ) as seen`.execute(db);
  return row.rows[0]?.seen === true;
}

export async function setPostHidden(db: Db, postId: string, hiddenAt: Date | null) {
  await db.updateTable("posts").set({ hidden_at: hiddenAt }).where("id", "=", postId).execute();
}

export async function setThreadHidden(db: Db, threadId: string, hiddenAt: Date | null) {
  await db.updateTable("threads").set({ hidden_at: hiddenAt }).where("id", "=", threadId).execute();
}

export async function insertAction(
  db: Db,
  row: {
    id: string;
    community_id: string;
    flag_id: string | null;
    target_type: ModerationTargetType;
    target_id: string;
    target_persona_id: string;
    action: ModerationActionKind;
    reason: string;
    until: Date | null;
    actor_account_id: string;
  },
) {
  await db.insertInto("moderation_actions").values(row).execute();
}

/** The persona an action or a flag is about, as the persona presenter needs it. */
export type TargetPersonaColumns = { persona_id: string } & PersonaColumns<"persona">;

/** A log entry with the persona it shows; never the account of anyone involved. */
export type LogRow = TargetPersonaColumns & {
  id: string;
  action: ModerationActionKind;
  reason: string;
  until: Date | null;
  created_at: Date;
  cursor_at: string;
  target_type: ModerationTargetType;
  target_id: string;
  community_slug: string;
  community_name: string;
};

function logQuery(db: Db) {
  return db
    .selectFrom("moderation_actions as ma")
    .innerJoin("communities as c", "c.id", "ma.community_id")
    .innerJoin("personas as p", "p.id", "ma.target_persona_id")
    .select([
      "ma.id",
      "ma.action",
      "ma.reason",
      "ma.until",
      "ma.created_at",
      // The log shows days; its cursor too (the time of an action could point at the moderator who took it).
      dayTimestamp("ma.created_at").as("cursor_at"),
      "ma.target_type",
      "ma.target_id",
      "c.slug as community_slug",
      "c.name as community_name",
      "p.id as persona_id",
      ...personaColumns("p", "persona"),
    ]);
}

export async function findLogEntry(db: Db, actionId: string): Promise<LogRow | undefined> {
  return logQuery(db).where("ma.id", "=", actionId).executeTakeFirst();
}

export async function listLog(db: Db, communityId: string, after: Position | null, limit: number): Promise<LogRow[]> {
  let query = logQuery(db)
    .where("ma.community_id", "=", communityId)
    .orderBy("ma.created_at", "desc")
    .orderBy("ma.id", "desc")
    .limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(ma.created_at, ma.id) < (select a.created_at, a.id from moderation_actions a where a.id = ${after.id})`);
  return query.execute();
}

// Flags

export async function insertFlag(
  db: Db,
  row: {
    id: string;
    community_id: string;
    target_type: ModerationTargetType;
    target_id: string;
    target_persona_id: string;
    reporter_account_id: string;
    reason: FlagReason;
    note: string | null;
  },
) {
  await db.insertInto("flags").values(row).execute();
}

/**
 * A safeguarding alert raised by the system (no reporter). `alert_key` is unique, so a
 * rerun of the job writes nothing; the answer says whether this call wrote it.
 */
export async function insertSafeguardingAlert(
  db: Db,
  row: { id: string; community_id: string; target_id: string; target_persona_id: string; urgency: "high" | "medium"; note: string },
): Promise<boolean> {
  const result = await db
    .insertInto("flags")
    .values({ ...row, target_type: "post", reporter_account_id: null, reason: "safeguarding", priority: row.urgency === "high" ? 0 : 1, alert_key: `safeguarding:${row.target_id}` })
    .onConflict((oc) => oc.column("alert_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** What the safeguarding job reads of a post: its words (an opening post's with its thread's title) and its community's charter. */
export async function findPostForAlert(db: Db, postId: string) {
  return db
    .selectFrom("posts as po")
    .innerJoin("threads as t", "t.id", "po.thread_id")
    .innerJoin("communities as c", "c.id", "po.community_id")
    .select([
      "po.id",
      "po.body",
      "po.community_id",
      "po.author_persona_id",
      "po.deleted_at",
      "t.title",
      "c.charter",
      sql<boolean>`po.id = (select first.id from posts first where first.thread_id = po.thread_id order by first.created_at, first.id limit 1)`.as("opening"),
    ])
    .where("po.id", "=", postId)
    .executeTakeFirst();
}

/** Locks the flag so two moderators closing it at once cannot both succeed. */
export async function findFlagForUpdate(db: Db, flagId: string) {
  return db.selectFrom("flags").select(["id", "community_id", "target_type", "target_id", "status"]).where("id", "=", flagId).forUpdate().executeTakeFirst();
}

export async function closeFlag(db: Db, flagId: string, status: "actioned" | "dismissed") {
  await db.updateTable("flags").set({ status, closed_at: new Date() }).where("id", "=", flagId).execute();
}

export type FlagRow = Omit<LogRow, "action" | "until" | "community_slug" | "community_name"> & { reason: FlagReason; note: string | null; urgency: "high" | "medium" | null };

/** Open flags of a community, oldest first (the queue); the reporter is never selected. */
export async function listOpenFlags(db: Db, communityId: string, after: Position | null, limit: number): Promise<FlagRow[]> {
  let query = db
    .selectFrom("flags as f")
    .innerJoin("personas as p", "p.id", "f.target_persona_id")
    .select([
      "f.id",
      "f.reason",
      "f.note",
      "f.urgency",
      "f.created_at",
      // The queue shows days; its cursor too (the time of a flag could point at who raised it).
      dayTimestamp("f.created_at").as("cursor_at"),
      "f.target_type",
      "f.target_id",
      "p.id as persona_id",
      ...personaColumns("p", "persona"),
    ])
    .where("f.community_id", "=", communityId)
    .where("f.status", "=", "open")
    // Safeguarding alerts first, high before medium (ADR 39), then oldest first.
    .orderBy("f.priority")
    .orderBy("f.created_at")
    .orderBy("f.id")
    .limit(limit + 1);
  if (after) query = query.where(sql<boolean>`(f.priority, f.created_at, f.id) > (select g.priority, g.created_at, g.id from flags g where g.id = ${after.id})`);
  return query.execute();
}

/**
 * How many open flags a community has, counted up to 100 (the link says "Reports (99+)"
 * beyond), so the count costs the same in a community with a hundred thousand.
 */
export async function countOpenFlags(db: Db, communityId: string): Promise<number> {
  const row = await sql<{ n: string }>`
    select count(*) as n from (
      select 1 from flags where community_id = ${communityId} and status = 'open' limit 100
    ) capped`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/** What a report is about, as its community's moderators read it: the post's words or the thread's title, hidden or not. */
export type ReportedContentRow = {
  flag_id: string;
  thread_id: string | null;
  thread_title: string | null;
  thread_hidden_at: Date | null;
  post_html: string | null;
  post_hidden_at: Date | null;
  post_deleted_at: Date | null;
  /** For a post: whether it opened its thread (hiding it can hide the thread too). */
  opening: boolean;
};

/** The content of the given flags' targets (posts and threads of the flags' own community; nothing for personas). */
export async function listReportedContent(db: Db, communityId: string, flagIds: string[]): Promise<ReportedContentRow[]> {
  if (flagIds.length === 0) return [];
  const rows = await sql<ReportedContentRow>`
    select f.id as flag_id,
           t.id as thread_id, t.title as thread_title, t.hidden_at as thread_hidden_at,
           po.html as post_html, po.hidden_at as post_hidden_at, po.deleted_at as post_deleted_at,
           coalesce(po.id = (select first.id from posts first where first.thread_id = po.thread_id order by first.created_at, first.id limit 1), false) as opening
      from flags f
      left join posts po on f.target_type = 'post' and po.id = f.target_id and po.community_id = f.community_id
      left join threads t on t.community_id = f.community_id
        and t.id = case when f.target_type = 'post' then po.thread_id when f.target_type = 'thread' then f.target_id else null end
     where f.community_id = ${communityId} and f.id in (${sql.join(flagIds)})`.execute(db);
  return rows.rows;
}

/** The thread a post opened (its first post), with whether the thread is hidden; undefined for a reply. */
export async function threadOpenedBy(db: Db, postId: string): Promise<{ thread_id: string; hidden_at: Date | null } | undefined> {
  const row = await sql<{ thread_id: string; hidden_at: Date | null }>`
    select t.id as thread_id, t.hidden_at
      from posts po join threads t on t.id = po.thread_id
     where po.id = ${postId}
       and po.id = (select first.id from posts first where first.thread_id = po.thread_id order by first.created_at, first.id limit 1)
     for update of t`.execute(db);
  return row.rows[0];
}

/** The community a flag was raised in, for the reporter's thank-you. */
export async function findFlagCommunity(db: Db, flagId: string): Promise<{ slug: string; name: string } | undefined> {
  return db
    .selectFrom("flags as f")
    .innerJoin("communities as c", "c.id", "f.community_id")
    .select(["c.slug", "c.name"])
    .where("f.id", "=", flagId)
    .executeTakeFirst();
}

/**
 * A moderation action with what telling its member needs: the account behind the persona
 * acted on (used inside the server, never sent out), the community, and for a post the
 * thread it is in.
 */
export async function findActionForNotice(db: Db, actionId: string) {
  return db
    .selectFrom("moderation_actions as ma")
    .innerJoin("personas as p", "p.id", "ma.target_persona_id")
    .innerJoin("communities as c", "c.id", "ma.community_id")
    .leftJoin("posts as po", (join) => join.onRef("po.id", "=", "ma.target_id").on("ma.target_type", "=", "post"))
    .select(["ma.id", "ma.action", "ma.reason", "ma.target_type", "ma.target_id", "ma.target_persona_id", "ma.created_at", "p.account_id", "c.id as community_id", "po.thread_id as post_thread_id"])
    .where("ma.id", "=", actionId)
    .executeTakeFirst();
}
