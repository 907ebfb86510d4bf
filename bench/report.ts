/** The machine a benchmark ran on, and bench/RESULTS.md written from the numbers. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

export type Machine = { cores: number; cpu: string; memory: string; node: string; os: string; loadBefore: string };

export function describeMachine(): Machine {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  let memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  try {
    memory = execFileSync("free", ["-h"], { encoding: "utf8" }).trim();
  } catch {
    // free is not everywhere; the total above will do
  }
  let cores = os.availableParallelism();
  try {
    cores = Number(execFileSync("nproc", { encoding: "utf8" }).trim()) || cores;
  } catch {
    // keep Node's count
  }
  return {
    cores,
    cpu,
    memory,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadBefore: os.loadavg().map((l) => l.toFixed(2)).join(", "),
  };
}

export type Scenario = {
  name: string;
  request: string;
  rps: number;
  p50: number;
  /** Absent in rows measured before it was recorded. */
  p97_5?: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses by status code (absent in rows measured before it was recorded). */
  statuses?: Record<string, number>;
  total: number;
  /** CPU seconds the server process used during the measured run (null where unknown). */
  serverCpu: number | null;
};
/** Milliseconds: the median and the slowest of the replies measured. */
export type Spread = { median: number; max: number };

/** A reply to a thread with many followers, until every notification it makes exists (bench/fanout.ts). */
export type FanOut = {
  followers: number;
  /** The rows each reply makes: the followers and the thread's author. */
  notifications: number;
  replies: number;
  /** From sending the reply to the last notification row being there. */
  untilAll: Spread;
  /** The fan-out job's run, started to completed, as pg-boss recorded it. */
  jobRun: Spread | null;
  /** The wait until a worker fetched the job (the queue polls once a second). */
  pickUp: Spread | null;
  /** The reply's own HTTP response. */
  response: Spread;
};

export type Size = { what: string; url: string; encoding: string; compressed: number; uncompressed: number };

export type Report = {
  date: string;
  database: string;
  machine: Machine;
  seed: { threads: number; replies: number; posts: number; seconds: number; discardedJobs: number };
  connections: number;
  duration: number;
  scenarios: Scenario[];
  sizes: Size[];
  logLevel: string;
  /** What else the machine was doing, said by whoever ran it (`--note`). */
  note?: string;
  /** The reaction and fan-out benchmarks' members (issue 11). */
  members?: number;
  fanOut?: FanOut | null;
};

/** The status codes of the non-2xx responses, when there were any: " (503: 12)". */
const nonOkStatuses = (s: Scenario) => {
  const bad = Object.entries(s.statuses ?? {}).filter(([code]) => !code.startsWith("2"));
  return s.non2xx && bad.length ? ` (${bad.map(([code, n]) => `${code}: ${n}`).join(", ")})` : "";
};

const ms = (x: number) => `${x.toFixed(0)} ms`;

function fanOutSection(report: Report): string {
  const f = report.fanOut;
  if (!f) return "";
  const row = (what: string, s: Spread | null) => `| ${what} | ${s ? ms(s.median) : "—"} | ${s ? ms(s.max) : "—"} |`;
  return `## Fan-out: a reply to a thread with ${f.followers} followers

${f.replies} replies posted one at a time over HTTP (bearer token), each once the job queue was idle; each makes
${f.notifications} notification rows (the followers and the thread's author). "Until every row exists" runs from sending the
reply to the count of its rows in \`notifications\` reaching ${f.notifications}, polled every 5 ms (bench/fanout.ts). For this part
the server runs in the benchmark's process (the same \`openRuntime\` and \`buildServer\` as \`hearth serve\`, jobs included),
because the embedded database opens in one process only.

| of ${f.replies} replies | median | slowest |
|---|---:|---:|
${row("reply sent → every notification row exists", f.untilAll)}
${row("the reply's HTTP response", f.response)}
${row("the job waiting to be fetched (the queue polls once a second)", f.pickUp)}
${row("the fan-out job running (pg-boss's started → completed)", f.jobRun)}

`;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The reference the issue compares against: a widely used Node forum, 20-reply topic page. */
export const REFERENCE = { rps: 80, p99Ms: 1000, htmlKb: 190 };

export function renderMarkdown(report: Report): string {
  const rows = report.scenarios.map(
    (s) =>
      `| ${s.name} | \`${s.request}\` | ${s.rps.toFixed(0)} | ${s.p50.toFixed(0)} ms | ${s.p97_5 === undefined ? "—" : `${s.p97_5.toFixed(0)} ms`} | ${s.p99.toFixed(0)} ms | ${s.total} | ${s.errors}${s.timeouts ? ` (${s.timeouts} timed out)` : ""} | ${s.non2xx}${nonOkStatuses(s)} | ${s.serverCpu === null ? "—" : `${s.serverCpu.toFixed(1)} s`} | ${s.serverCpu ? (s.total / s.serverCpu).toFixed(0) : "—"} |`,
  );
  const sizeRows = report.sizes.map((s) => `| ${s.what} | \`${s.url}\` | ${s.encoding} | ${kb(s.compressed)} (${s.compressed} B) | ${kb(s.uncompressed)} (${s.uncompressed} B) |`);
  const total = report.sizes.reduce((sum, s) => ({ compressed: sum.compressed + s.compressed, uncompressed: sum.uncompressed + s.uncompressed }), { compressed: 0, uncompressed: 0 });
  const page = report.scenarios[0];
  const html = report.sizes.find((s) => s.what.startsWith("HTML"));
  const times = (better: number, worse: number, up: string, down: string) =>
    better >= worse ? `${(better / Math.max(worse, 1e-9)).toFixed(1)}× ${up}` : `${(worse / Math.max(better, 1e-9)).toFixed(1)}× ${down}`;
  const comparison = page && html
    ? [
        `| thread page, requests/s | ~${REFERENCE.rps} | ${page.rps.toFixed(0)} | ${times(page.rps, REFERENCE.rps, "more", "fewer")} |`,
        `| thread page, p99 latency | ~${REFERENCE.p99Ms} ms | ${page.p99.toFixed(0)} ms | ${times(REFERENCE.p99Ms, page.p99, "lower", "higher")} |`,
        `| thread page HTML, uncompressed | ~${REFERENCE.htmlKb} KB | ${kb(html.uncompressed)} | ${times(REFERENCE.htmlKb * 1024, html.uncompressed, "smaller", "larger")} |`,
        `| thread page HTML, as sent (${html.encoding}) | ~${REFERENCE.htmlKb} KB uncompressed | ${kb(html.compressed)} | ${times(REFERENCE.htmlKb * 1024, html.compressed, "smaller", "larger")} |`,
      ]
    : [];
  return `# Benchmark results

Written by \`npm run bench\` (bench/run.ts) on ${report.date}. Not a timed test: it is kept out of \`npm test\`,
and the numbers depend on the machine and on what else it was doing. \`npm run bench\` measures the embedded
database into bench/RESULTS.md; \`DATABASE_URL=postgres://… npm run bench\` measures PostgreSQL into bench/RESULTS-postgres.md.

## Set-up

- **Database:** ${report.database}, seeded through Hearth's services with 1 community,
  ${report.seed.threads} threads × ${report.seed.replies} replies (${report.seed.posts} posts, Markdown rendered to HTML as when people write them${report.members ? `),
  and ${report.members} more members, each signed in, who all follow one more thread (seeding all of it took ${report.seed.seconds.toFixed(0)} s).` : `;
  seeding took ${report.seed.seconds.toFixed(0)} s).`} The ${report.seed.discardedJobs} background jobs the seed queued (notifications about
  the seeded posts) were discarded before the server started, so it is not measured while working through a backlog.
- **Server:** the real \`hearth serve\` in its own process (\`node --import tsx src/bin/hearth.ts serve\`) on 127.0.0.1,
  \`HEARTH_RATE_LIMITS=off\`, \`HEARTH_DEMO=0\`, \`LOG_LEVEL=${report.logLevel}\` (no per-request log lines), responses compressed by the server (brotli quality 4 or gzip).
- **Load:** autocannon (programmatic, in the benchmark's own process on the same machine), ${report.connections} connections,
  ${report.duration} s per row after a short warm-up, no pipelining. Reads pick a random thread of the ${report.seed.threads} for every request;
  replies go round the threads, written by one signed-in member with a bearer token.
  Guests read without a session; the member row sends the session cookie, so the page carries the reply form.${report.members ? `
  Reactions are given by ${report.members} members, each signed in with a bearer token: every request is a member reacting
  to a post they had not reacted to (members in turn, going round the posts), as people do, so every one is a 201.` : ""}

## Machine

- CPU: ${report.machine.cpu}; \`nproc\`: ${report.machine.cores}
- Node.js ${report.machine.node} on ${report.machine.os}
- Load average before the run: ${report.machine.loadBefore} (other work on the machine shares its ${report.machine.cores} cores)
${report.note ? `- **Other load:** ${report.note}\n` : ""}- Memory (\`free -h\`):

\`\`\`
${report.machine.memory}
\`\`\`

## Throughput and latency

| what | request | requests/s | p50 | p97.5 | p99 | requests | errors | non-2xx | server CPU | requests per server CPU-second |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

"Errors" are requests that got no response (connection errors, and timeouts after 10 s, which are counted among them).
"Server CPU" is the user + system time of the server's process during the measured ${report.duration} s (from /proc): it tells how
much of the machine the server actually got while other work ran, and "requests per server CPU-second" is the
cost of one request, which moves less with the machine's load than requests/s does.${report.database.startsWith("PostgreSQL") ? " With PostgreSQL, the database server's own CPU is not included." : " PGlite runs inside the server's process, so its work is included."}

${fanOutSection(report)}## Thread page size (a thread with ${report.seed.replies} replies, as a guest sees it)

Bytes of the response bodies: as sent to a browser that accepts \`br, gzip\`, and uncompressed (headers not counted).

| what | url | encoding | sent | uncompressed |
|---|---|---|---:|---:|
${sizeRows.join("\n")}
| **total** | | | **${kb(total.compressed)}** | **${kb(total.uncompressed)}** |

The stylesheet is served under a content hash with \`cache-control: immutable\`, so a returning reader fetches only the HTML.
${report.sizes.some((s) => s.what.startsWith("JS")) ? "" : "The page has no JavaScript.\n"}
## Against the reference

The issue's reference: a widely used Node forum on this kind of machine serves a 20-reply topic page at ~${REFERENCE.rps} req/s
with p99 ~${REFERENCE.p99Ms / 1000} s and ~${REFERENCE.htmlKb} KB of HTML. The goal is an order of magnitude ahead on both.

| measure | reference | Hearth | ratio |
|---|---:|---:|---:|
${comparison.join("\n")}
`;
}
