/** A fresh, migrated database for one test file, copied from the run's template. */
import fs from "node:fs/promises";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/db/connection.ts";
import { adminUrl, withDatabase } from "./postgres-admin.ts";

export async function openTestDatabase(): Promise<DatabaseHandle> {
  const template = inject("databaseTemplate");
  if (template.kind === "pglite") {
    const dump = await fs.readFile(template.dumpPath);
    return openDatabase({ kind: "pglite-memory", loadDataDir: new Blob([dump]) });
  }
  const name = `${template.template}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl(template.url) });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template.template}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ kind: "postgres", url: withDatabase(template.url, name), maxConnections: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl(template.url) });
      await dropper.connect();
      // pool.end() resolves before its connections are gone; dropping "with (force)" while one
      // is still closing kills it and surfaces as an unhandled 57P01. Wait for them to leave first.
      for (let i = 0; i < 50; i++) {
        const { rows } = await dropper.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [name]);
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
