/**
 * The archive format, version 1 (docs/archive-format.md): a plain tar of manifest.json,
 * manifest.sig and one JSON Lines file per part, in this order, so that an importer reads
 * the manifest and checks its signature before it reads a single record. Parts come in an
 * order where every record names only records before it (spaces before threads, threads
 * before posts), so one streaming pass can check every reference.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

export const FORMAT_VERSION = 1;
export const MANIFEST = "manifest.json";
export const SIGNATURE = "manifest.sig";

export const PARTS = ["community", "charter-history", "spaces", "glossary", "personas", "threads", "posts", "reactions", "polls"] as const;
export type PartName = (typeof PARTS)[number];
export const partFile = (part: PartName) => `${part}.jsonl`;

/**
 * Caps against a tar bomb: an archive holds exactly the entries above, none bigger than
 * these, and no record line longer than a post could be. A community of a million posts
 * fits well inside them.
 */
export const LIMITS = {
  entries: PARTS.length + 2,
  manifestBytes: 64 * 1024,
  signatureBytes: 1024,
  partBytes: 4 * 1024 * 1024 * 1024,
  totalBytes: 8 * 1024 * 1024 * 1024,
  lineBytes: 2 * 1024 * 1024,
} as const;

/** The field of each part's records that no two records of the part may share. */
export const KEY_OF: Record<PartName, string> = {
  community: "id",
  "charter-history": "id",
  spaces: "id",
  glossary: "id",
  personas: "id",
  threads: "id",
  posts: "id",
  reactions: "postId",
  polls: "id",
};

export type PartSummary = { name: string; records: number; bytes: number; sha256: string };

/**
 * Where the community came from (format 1.1, ADR 46): the community it was forked from, on
 * whichever server that was, and the servers it lived on before the one that wrote this
 * archive (oldest first). Null in an archive written before lineage travelled.
 */
export type ArchiveLineage = {
  forkedFrom: { name: string; slug: string; server: string; forkedAt: string; carriedThrough: string | null } | null;
  movedFrom: { server: string; slug: string; exportedAt: string }[];
};

export type Manifest = {
  formatVersion: typeof FORMAT_VERSION;
  exportedAt: string;
  sourceServer: string;
  community: { id: string; slug: string; name: string };
  lineage: ArchiveLineage | null;
  signingKey: { publicKey: string; fingerprint: string };
  parts: PartSummary[];
};

const SCHEMA_DIR = fileURLToPath(new URL("./schemas/", import.meta.url));
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ allErrors: false, strict: true });
addFormats(ajv);

function load(name: string): ValidateFunction {
  return ajv.compile(JSON.parse(fs.readFileSync(`${SCHEMA_DIR}${name}.schema.json`, "utf8")) as object);
}

/** One compiled JSON Schema per record type (src/archive/schemas/*.schema.json). */
export const VALIDATORS: Record<PartName | "manifest", ValidateFunction> = Object.fromEntries(
  [...PARTS, "manifest"].map((name) => [name, load(name)]),
) as Record<PartName | "manifest", ValidateFunction>;

/** The first schema error of a record in a few words ("/body must NOT have more than 100000 characters"). */
export function schemaProblem(validate: ValidateFunction): string {
  const error = validate.errors?.[0];
  if (!error) return "it does not match its schema";
  return `${error.instancePath || "the record"} ${error.message ?? "does not match its schema"}`;
}
