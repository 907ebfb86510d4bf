/**
 * `npm run bench -- --archive`: export and import of one community at 10,000 and 100,000
 * posts (or `--sizes 10000,100000`). For each size: seed a small community through the
 * services, grow it with SQL (bench/bulk.ts), let every author's words travel, run
 * `hearth export` as a child process, then `hearth import` into a second fresh database;
 * report each one's time, the archive's size and the process's peak RSS (VmHWM). Writes
 * bench/RESULTS-archive.md (PGlite) or bench/RESULTS-archive-postgres.md (DATABASE_URL).
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { openConfiguredDatabase } from "../src/runtime.ts";
import { grow } from "./bulk.ts";
import { freshDatabase, root, say } from "./harness.ts";
import { describeMachine } from "./report.ts";
import { COMMUNITY_SLUG, seed } from "./seed.ts";

type Timed = { seconds: number; peakMb: number; code: number | null; stderr: string };

/** Runs the CLI, sampling its resident memory; VmHWM is the kernel's own peak. */
function hearth(args: string[], env: Record<string, string>): Promise<Timed> {
  const started = performance.now();
  const full: NodeJS.ProcessEnv = { ...process.env, ...env, HEARTH_DEMO: "0", LOG_LEVEL: "warn" };
  if (!env.DATABASE_URL) delete full.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "src/bin/hearth.ts"), ...args], { cwd: root, env: full, stdio: ["ignore", "ignore", "pipe"] });
  let peakKb = 0;
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const sample = setInterval(async () => {
    try {
      const status = await fs.readFile(`/proc/${child.pid}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // gone
    }
  }, 50);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearInterval(sample);
      resolve({ seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024, code, stderr });
    }),
  );
}

export async function main(write: boolean) {
  const { values: args } = parseArgs({ options: { archive: { type: "boolean" }, sizes: { type: "string", default: "10000,100000" }, "no-write": { type: "boolean" }, out: { type: "string" } }, strict: false });
  const sizes = String(args.sizes).split(",").map(Number).filter((n) => n >= 1000 && n <= 2_000_000);
  const machine = describeMachine();
  const rows: string[] = [];
  let label = "";
  // What a Hearth process holds before it reads a post: `hearth migrate` on a fresh database
  // (PGlite's WebAssembly heap is most of it), to read the peaks below against.
  const empty = await freshDatabase();
  const baseline = await hearth(["migrate"], empty.env).finally(() => empty.drop());
  say(`baseline: hearth migrate on a fresh database peaks at ${baseline.peakMb.toFixed(0)} MB`);
  for (const posts of sizes) {
    const from = await freshDatabase();
    const to = await freshDatabase();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-bench-archive-"));
    try {
      label = from.label;
      const config = loadConfig({ ...from.env, HEARTH_DEMO: "0", HEARTH_RATE_LIMITS: "off", LOG_LEVEL: "silent" });
      say(`${posts} posts: seeding ${from.label} …`);
      await seed(config, { threads: 10, replies: 9, log: say });
      const handle = await openConfiguredDatabase(config);
      // pool.end() resolves before its connections are gone: one still closing when the database is dropped
      // "with (force)" is killed (57P01), which is expected here and must not end the benchmark.
      handle.pool.on("error", () => {});
      try {
        await grow(handle.pool, { slug: COMMUNITY_SLUG, owner: "bench_author_0", posts, log: say });
        // Everyone said yes, so every post travels: the largest archive this community can make.
        await handle.pool.query(`insert into fork_travel_preferences (account_id, choice) select id, 'yes' from accounts on conflict do nothing`);
      } finally {
        await handle.close();
      }
      const file = path.join(dir, "bench.tar");
      say(`${posts} posts: exporting …`);
      const exported = await hearth(["export", COMMUNITY_SLUG, "--out", file], from.env);
      if (exported.code !== 0) throw new Error(`export failed: ${exported.stderr}`);
      const bytes = (await fs.stat(file)).size;
      say(`${posts} posts: importing …`);
      const imported = await hearth(["import", file], to.env);
      if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
      rows.push(`| ${posts.toLocaleString("en")} | ${exported.seconds.toFixed(1)} s | ${exported.peakMb.toFixed(0)} MB | ${(bytes / 1024 / 1024).toFixed(1)} MB | ${imported.seconds.toFixed(1)} s | ${imported.peakMb.toFixed(0)} MB |`);
      say(rows[rows.length - 1]!);
    } finally {
      await from.drop();
      await to.drop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
  const markdown = [
    "# Archive benchmark: export and import",
    "",
    `Written by \`npm run bench -- --archive\` (bench/archive.ts) on ${new Date().toISOString().slice(0, 10)}. Not a timed test; the numbers depend on the machine and what else it was doing.`,
    "",
    `- **Database:** ${label}; the import goes into a second fresh one. A community grown with SQL (bench/bulk.ts), every author's choice "yes", so every post travels.`,
    "- **Measured:** `hearth export` and `hearth import` as child processes, wall time including Node's start and the migrations check; peak RSS is the process's VmHWM.",
    `- **Machine:** ${machine.cpu}, ${machine.cores} cores (shared); Node.js ${machine.node} on ${machine.os}; load average before: ${machine.loadBefore}.`,
    "",
    `For comparison, \`hearth migrate\` on a fresh database peaks at ${baseline.peakMb.toFixed(0)} MB RSS (${baseline.seconds.toFixed(1)} s): the cost of opening the database, before any post.`,
    "",
    "| posts | export | export peak RSS | archive size | import | import peak RSS |",
    "|---:|---:|---:|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n");
  process.stdout.write(markdown);
  if (write && !args["no-write"]) {
    const out = args.out ? path.resolve(String(args.out)) : path.join(root, "bench", process.env.DATABASE_URL ? "RESULTS-archive-postgres.md" : "RESULTS-archive.md");
    await fs.writeFile(out, markdown);
    say(`Wrote ${path.relative(process.cwd(), out)}.`);
  }
}
