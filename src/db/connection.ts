/**
 * Opens the database: PostgreSQL when a URL is given, otherwise PGlite (PostgreSQL
 * compiled to WebAssembly) in-process, file-backed. Both speak through node-postgres
 * to Kysely's PostgresDialect, so every query and migration is the same SQL.
 */
import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect, type LogEvent } from "kysely";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import type { Database } from "./schema.ts";
import { lockDataDir } from "./embedded-lock.ts";

// Return bigint counts as numbers (our counts stay far below 2^53) and dates as Date.
pg.types.setTypeParser(20, (value) => Number(value));

export type Db = Kysely<Database>;

export type DatabaseHandle = {
  db: Db;
  pool: pg.Pool;
  kind: "pglite" | "postgres";
  /** The embedded database itself, when it is one (tests dump it as a template). */
  pglite?: PGlite;
  close: () => Promise<void>;
  /** Calls `listener` with the SQL (and parameters) of each query Kysely runs, until the returned function is called (tests count queries, and EXPLAIN them). */
  onQuery: (listener: QueryListener) => () => void;
};

export type QueryListener = (sql: string, parameters: readonly unknown[]) => void;

/** A Kysely `log` hook that tells the current listeners about each query; with none it costs one empty loop. */
function queryHook() {
  const listeners = new Set<QueryListener>();
  const log = (event: LogEvent) => {
    if (event.level === "query") for (const listener of listeners) listener(event.query.sql, event.query.parameters);
  };
  const onQuery = (listener: QueryListener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return { log, onQuery };
}

export type OpenOptions =
  | { kind: "postgres"; url: string; maxConnections?: number }
  /** `template`: a migrated dump copied in when the data directory is new (embedded-template.ts). */
  | { kind: "pglite"; dataDir: string; template?: Blob | undefined }
  /** An in-memory PGlite, optionally loaded from a dump (tests use a migrated template). */
  | { kind: "pglite-memory"; loadDataDir?: Blob };

/** Opens a database handle. Throws DatabaseInUseError when the embedded database is held by another process. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
    const hook = queryHook();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: hook.log });
    return { db, pool, kind: "postgres", close: () => db.destroy(), onQuery: hook.onQuery };
  }
  let release = () => {};
  let pglite: PGlite;
  if (options.kind === "pglite") {
    release = lockDataDir(options.dataDir);
    try {
      const dataDir = path.join(options.dataDir, "pglite");
      const isNew = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
      pglite = await PGlite.create(dataDir, isNew && options.template ? { loadDataDir: options.template } : {});
    } catch (error) {
      release();
      throw error;
    }
  } else {
    pglite = await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  }
  const pool = new pg.Pool(createPgConfig(pglite));
  const hook = queryHook();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: hook.log });
  return {
    db,
    onQuery: hook.onQuery,
    pool,
    kind: "pglite",
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
      release();
    },
  };
}
