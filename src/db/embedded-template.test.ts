/**
 * The first start's shortcut: a new embedded database copied from the migrated dump
 * `npm install` writes is as good as one created from scratch, an existing database is
 * never overwritten by it, and a dump made before a migration changed is not picked up.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "./connection.ts";
import { embeddedTemplatePath } from "./embedded-template.ts";
import { migrate, MIGRATIONS_DIR } from "./migrator.ts";
import { migrateAll } from "../runtime.ts";

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
let template: Blob;

beforeAll(async () => {
  const handle = await openDatabase({ kind: "pglite-memory" });
  await migrateAll(handle);
  template = await handle.pglite!.dumpDataDir("none");
  await handle.close();
}, 120_000);

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const migrationCount = () => fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).length;

describe("a new embedded database from the template", () => {
  it("has every migration applied and takes writes", async () => {
    const dataDir = tempDir("hearth-tpl-");
    const handle = await openDatabase({ kind: "pglite", dataDir, template });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(handle.db);
      expect(rows[0]!.n).toBe(migrationCount());
      expect(await migrate(handle.db)).toEqual([]);
      await sql`insert into schema_migrations (name) values ('written-after-copy')`.execute(handle.db);
    } finally {
      await handle.close();
    }
    // Reopened with the template again, the database keeps what was written: the copy happens only once.
    const again = await openDatabase({ kind: "pglite", dataDir, template });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from schema_migrations where name = 'written-after-copy'`.execute(again.db);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await again.close();
    }
  }, 120_000);
});

describe("the template's name", () => {
  it("changes when a migration is added or edited, so an old dump is never used", () => {
    const dir = tempDir("hearth-migrations-");
    for (const file of fs.readdirSync(MIGRATIONS_DIR)) fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
    const before = embeddedTemplatePath(dir);
    expect(embeddedTemplatePath(dir)).toBe(before);
    expect(before).toBe(embeddedTemplatePath(MIGRATIONS_DIR));
    fs.writeFileSync(path.join(dir, "9999_later.sql"), "select 1;");
    const added = embeddedTemplatePath(dir);
    expect(added).not.toBe(before);
    fs.writeFileSync(path.join(dir, "9999_later.sql"), "select 2;");
    expect(embeddedTemplatePath(dir)).not.toBe(added);
  });
});
