/**
 * Builds one migrated database per test run that every test file copies:
 * a PGlite dump (default) or, when DATABASE_URL is set, a PostgreSQL template
 * database. Creating a PGlite database from scratch costs seconds; copying is cheap.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/connection.ts";
import { migrateAll } from "../src/runtime.ts";
import { adminUrl, withDatabase } from "./helpers/postgres-admin.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: { kind: "pglite"; dumpPath: string } | { kind: "postgres"; url: string; template: string };
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `hearth_tpl_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const handle = await openDatabase({ kind: "postgres", url: withDatabase(url, template), maxConnections: 2 });
    await migrateAll(handle);
    await handle.close();
    project.provide("databaseTemplate", { kind: "postgres", url, template });
    return async () => {
      // Drop the template and any test database a crashed file left behind.
      const { rows } = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname = $1 or datname like $2",
        [template, `${template}_%`],
      );
      for (const row of rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
      await admin.end();
    };
  }
  const handle = await openDatabase({ kind: "pglite-memory" });
  await migrateAll(handle);
  const dump = await handle.pglite!.dumpDataDir("none");
  await handle.close();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-test-"));
  const dumpPath = path.join(dir, "template.tar");
  await fs.writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide("databaseTemplate", { kind: "pglite", dumpPath });
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}
