/** Table types for portable archives (migrations/0029, ADR 44). Part of schema.ts, which lists every table in Database. */
import type { ColumnType, Generated } from "kysely";
import type { RequiredTimestamp, Timestamp } from "./schema-columns.ts";

/** A persona that arrived in an archive; its placeholder account is no person's. */
export interface PortablePersonasTable {
  persona_id: string;
  community_id: string;
  badge: string | null;
  claim_code_sha256: string | null;
  arrived_at: Timestamp;
  /** The archive marked it as an owner's personal persona (migrations/0031, ADR 46). */
  owner: Generated<boolean>;
}

export interface ArchivedReactionCountsTable {
  community_id: string;
  post_id: string;
  /** A ReactionKind (schema.ts), spelled out here so the two files do not import each other. */
  kind: "thanks" | "me_too" | "hug" | "helpful";
  count: number;
}

export interface ArchivedPollCountsTable {
  community_id: string;
  poll_id: string;
  counts: number[];
  voters: number;
}

export interface ArchiveImportsTable {
  community_id: string;
  source_server: string;
  key_fingerprint: string;
  format_version: number;
  exported_at: RequiredTimestamp;
  imported_at: Generated<Date>;
  /** The community's address on the server it came from (migrations/0031). */
  source_slug: string | null;
  /** The servers it lived on before that one, oldest first: the archive's lineage.movedFrom. */
  moved_from: ColumnType<MovedFrom[], string | undefined, string>;
}

/** One earlier home of a community, as its archive's lineage gives it (docs/archive-format.md). */
export type MovedFrom = { server: string; slug: string; exportedAt: string };
