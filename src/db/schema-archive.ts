/** Table types for portable archives (migrations/0029, ADR 44). Part of schema.ts, which lists every table in Database. */
import type { Generated } from "kysely";
import type { RequiredTimestamp, Timestamp } from "./schema-columns.ts";

/** A persona that arrived in an archive; its placeholder account is no person's. */
export interface PortablePersonasTable {
  persona_id: string;
  community_id: string;
  badge: string | null;
  claim_code_sha256: string | null;
  arrived_at: Timestamp;
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
}
