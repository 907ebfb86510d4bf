/**
 * Writes an archive's checked records into a new community, in batches, inside the
 * import's transaction. Ids and timestamps are kept (so an export of the import gives the
 * same parts); what stays home keeps its place: a thread not carried is one whose opening
 * was deleted (no title), a post not carried is a deleted post, both by one stand-in
 * persona that is no one's.
 */
import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import type { Insertable } from "kysely";
import type { Db } from "../db/connection.ts";
import type { Database, ReactionKind } from "../db/schema.ts";
import { normaliseForMatch } from "../shared/condition-content.ts";
import { newId } from "../shared/ids.ts";
import { renderMarkdown } from "../shared/markdown.ts";
import type { Manifest, PartName } from "./format.ts";

type R = Record<string, any>; // a record its JSON Schema has already checked
type Table = keyof Database;
// Rows a statement: well under PostgreSQL's 65,535 parameters for the widest table (posts).
const BATCH = 1000;

export class ArchiveWriter {
  private readonly pending = new Map<Table, unknown[]>();
  private standIn: string | null = null;
  /** A real password hash of 32 random bytes no one ever saw: sign-in checks it like any other and it never matches. */
  private readonly unusable = hash(randomBytes(32).toString("base64"));
  private readonly communityId: string;

  constructor(
    private readonly db: Db,
    private readonly manifest: Manifest,
    private readonly slug: string,
    private readonly fingerprint: string,
  ) {
    this.communityId = manifest.community.id;
  }

  private async queue<T extends Table>(table: T, row: Insertable<Database[T]>): Promise<void> {
    const rows = this.pending.get(table) ?? [];
    rows.push(row);
    this.pending.set(table, rows);
    if (rows.length >= BATCH) await this.flush(table);
  }

  /** Writes a table's waiting rows, and first those of every table its rows may name. */
  private async flush(table: Table): Promise<void> {
    for (const t of ArchiveWriter.ORDER.slice(0, ArchiveWriter.ORDER.indexOf(table) + 1)) {
      const rows = this.pending.get(t);
      if (!rows?.length) continue;
      this.pending.set(t, []);
      await this.db.insertInto(t).values(rows as never).execute();
    }
  }

  /** Tables in the order their foreign keys need. */
  private static readonly ORDER: Table[] = ["accounts", "personas", "portable_personas", "charter_revisions", "spaces", "glossary_terms", "threads", "thread_title_revisions", "posts", "post_revisions", "archived_reaction_counts", "polls", "archived_poll_counts"];

  private async flushAll(): Promise<void> {
    await this.flush(ArchiveWriter.ORDER[ArchiveWriter.ORDER.length - 1]!);
  }

  /** A placeholder account that no one can sign in to: the holder of one portable persona (migrations/0029). */
  private async persona(row: { id: string; kind: R["kind"]; display_name: string; is_carer: boolean; specialty: string | null; capacity: string | null; created_at: string }, portable: { badge: string | null; claim: string | null; owner?: boolean }) {
    const accountId = newId();
    await this.queue("accounts", { id: accountId, username: `~portable-${randomBytes(9).toString("hex")}`, email: null, password_hash: await this.unusable, status: "deleted", created_at: row.created_at });
    await this.queue("personas", { ...row, account_id: accountId });
    await this.queue("portable_personas", { persona_id: row.id, community_id: this.communityId, badge: portable.badge, claim_code_sha256: portable.claim, owner: portable.owner === true });
  }

  private async standInPersona(): Promise<string> {
    if (this.standIn) return this.standIn;
    this.standIn = newId();
    await this.persona({ id: this.standIn, kind: "personal", display_name: "—", is_carer: false, specialty: null, capacity: null, created_at: new Date(0).toISOString() }, { badge: null, claim: null });
    await this.flushAll();
    return this.standIn;
  }

  async add(part: PartName, r: R): Promise<void> {
    const community_id = this.communityId;
    switch (part) {
      case "community":
        await this.db
          .insertInto("communities")
          .values({ id: r.id, slug: this.slug, name: r.name, purpose: r.purpose, visibility: r.visibility, join_policy: r.joinPolicy, charter: JSON.stringify(r.charter), created_at: r.createdAt, updated_at: new Date() })
          .execute();
        return;
      case "charter-history":
        return this.queue("charter_revisions", { id: r.id, community_id, editor_account_id: null, snapshot: JSON.stringify(r.snapshot), created_at: r.createdAt });
      case "spaces":
        return this.queue("spaces", { id: r.id, community_id, slug: r.slug, name: r.name, description: r.description, visibility: r.visibility, position: r.position, created_at: r.createdAt });
      case "glossary":
        return this.queue("glossary_terms", { id: r.id, community_id, term: r.term, term_key: normaliseForMatch(r.term), definition: r.definition, created_at: r.createdAt });
      case "personas":
        return this.persona({ id: r.id, kind: r.kind, display_name: r.displayName, is_carer: r.isCarer, specialty: r.specialty, capacity: r.capacity, created_at: r.createdAt }, { badge: r.badge, claim: r.claim, owner: r.owner === true });
      case "threads": {
        if (!r.carried) {
          const author = await this.standInPersona();
          return this.queue("threads", { id: r.id, community_id, space_id: r.spaceId, author_persona_id: author, title: "", reply_count: r.replyCount, created_at: r.createdAt, last_posted_at: r.lastPostedAt, opening_deleted_at: r.createdAt });
        }
        await this.queue("threads", { id: r.id, community_id, space_id: r.spaceId, author_persona_id: r.authorPersonaId, title: r.title, language: r.language, content_warnings: r.contentWarnings, reply_count: r.replyCount, created_at: r.createdAt, last_posted_at: r.lastPostedAt });
        for (const t of r.titleHistory as R[]) await this.queue("thread_title_revisions", { id: newId(), community_id, thread_id: r.id, title: t.title, created_at: t.createdAt });
        return;
      }
      case "posts": {
        if (!r.carried) {
          const author = await this.standInPersona();
          return this.queue("posts", { id: r.id, community_id, thread_id: r.threadId, author_persona_id: author, body: "", html: "", created_at: r.createdAt, deleted_at: r.createdAt });
        }
        await this.queue("posts", { id: r.id, community_id, thread_id: r.threadId, author_persona_id: r.authorPersonaId, body: r.body, html: renderMarkdown(r.body), language: r.language, created_at: r.createdAt, edited_at: r.editedAt });
        for (const h of r.history as R[]) await this.queue("post_revisions", { id: newId(), community_id, post_id: r.id, body: h.body, created_at: h.createdAt });
        return;
      }
      case "reactions":
        for (const [kind, count] of Object.entries(r.counts as Record<string, number>)) await this.queue("archived_reaction_counts", { community_id, post_id: r.postId, kind: kind as ReactionKind, count });
        return;
      case "polls":
        await this.queue("polls", { id: r.id, community_id, thread_id: r.threadId, question: r.question, options: r.options, multiple: r.multiple, results_shown: r.resultsShown, closes_at: r.closesAt, created_at: r.createdAt });
        return this.queue("archived_poll_counts", { community_id, poll_id: r.id, counts: r.counts, voters: r.voters });
    }
  }

  async finish(): Promise<void> {
    await this.flushAll();
    const m = this.manifest;
    await this.db
      .insertInto("archive_imports")
      .values({ community_id: this.communityId, source_server: m.sourceServer, source_slug: m.community.slug, moved_from: JSON.stringify(m.lineage?.movedFrom ?? []), key_fingerprint: this.fingerprint, format_version: m.formatVersion, exported_at: m.exportedAt })
      .execute();
    // The parent is on another server (or was, when the archive was written): named, never linked to a community here.
    const parent = m.lineage?.forkedFrom;
    if (parent) {
      await this.db
        .insertInto("community_forks")
        .values({ community_id: this.communityId, parent_community_id: null, forked_by_account_id: null, forked_at: parent.forkedAt, carried_through: parent.carriedThrough ? new Date(parent.carriedThrough) : null, parent_name: parent.name, parent_slug: parent.slug, parent_server: parent.server })
        .execute();
    }
  }
}
