/**
 * The embedded database's stand-in for autovacuum: after a pass, the planner and search's
 * probe know how many posts there are and how their dates spread; on PostgreSQL nothing is
 * scheduled (autovacuum does it there).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/test-app.ts";
import { createCommunity, reply, signUp, startThread } from "../../test/helpers/factories.ts";
import { maintainEmbeddedDatabase, startEmbeddedMaintenance } from "./embedded-maintenance.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const member = await signUp(t);
  const community = await createCommunity(t, member);
  const { id } = await startThread(t, member, community.slug, "general", { title: "Counted", body: "The first post" });
  for (let i = 0; i < 5; i++) await reply(t, member, id, `Reply ${i}`);
}, 120_000);
afterAll(() => t.close());

const statistics = async () => {
  const rows = await sql<{ rows: number; dates: number | null }>`
    select (select reltuples::float8 from pg_class where oid = 'posts'::regclass) as rows,
           (select array_length(histogram_bounds::text::timestamptz[], 1) from pg_stats
            where schemaname = current_schema() and tablename = 'posts' and attname = 'created_at') as dates`.execute(t.database.db);
  return rows.rows[0]!;
};

describe("keeping the embedded database's statistics", () => {
  it("a pass tells the planner how many posts there are and how their dates spread", async () => {
    await maintainEmbeddedDatabase(t.database);
    const after = await statistics();
    expect(Number(after.rows)).toBe(6);
    expect(after.dates).toBe(6);
  });

  it("runs passes on its own on the embedded database, and leaves PostgreSQL to autovacuum", async () => {
    const lines: string[] = [];
    const stop = startEmbeddedMaintenance(t.database, (line) => lines.push(line), { firstAfterMs: 10, everyMs: 60_000 });
    await new Promise((r) => setTimeout(r, 1_500));
    await stop();
    if (t.database.kind === "pglite") expect(lines).toEqual([expect.stringMatching(/^Vacuumed and analysed the embedded database in \d+ ms\.$/)]);
    else expect(lines).toEqual([]);
  });
});
