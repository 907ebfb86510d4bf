/**
 * `npm run bench -- --events`: answers to one event with a waitlist (issue 13). Seeds a community
 * with `--members` members (600), makes an event with 50 places, then has autocannon send
 * "going" at 50 connections, each request another member (the first 50 get places, the rest
 * wait, in order); then 20 members going give up their place, one at a time, and each time
 * the first one waiting is checked to have been promoted. The promotion happens in the
 * cancellation's own transaction, so its time is that request's. Writes bench/RESULTS-events.md
 * (PGlite) or bench/RESULTS-events-postgres.md (DATABASE_URL).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { freshDatabase, json, root, run, say, startServer } from "./harness.ts";
import { describeMachine } from "./report.ts";
import { COMMUNITY_SLUG, seed } from "./seed.ts";

const { values: args } = parseArgs({
  options: {
    events: { type: "boolean", default: false },
    members: { type: "string", default: "600" },
    duration: { type: "string", default: "5" },
    connections: { type: "string", default: "50" },
    "no-write": { type: "boolean", default: false },
  },
  strict: false,
});
const MEMBERS = Math.min(Math.max(Number(args.members), 100), 5000);
const DURATION = Math.min(Math.max(Number(args.duration), 1), 60);
const CONNECTIONS = Math.min(Math.max(Number(args.connections), 1), 500);
const PLACES = 50;
const CANCELLATIONS = 20;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function main(write: boolean) {
  const machine = describeMachine();
  const database = await freshDatabase();
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    say(`Seeding ${database.label}: one community and ${MEMBERS} members …`);
    const config = loadConfig({ ...database.env, HEARTH_DEMO: "0", HEARTH_RATE_LIMITS: "off", LOG_LEVEL: "silent" });
    const seeded = await seed(config, { threads: 1, replies: 0, members: MEMBERS, log: say });
    server = await startServer(database.env);
    const base = server.url;
    const [organiser, ...members] = seeded.members;
    // Each member's personal persona, by which the organisers' list names them.
    const crowd: { token: string; personaId: string }[] = [];
    for (let i = 0; i < members.length; i += 50) {
      const batch = await Promise.all(members.slice(i, i + 50).map(async (m) => ({ token: m.token, personaId: ((await json(`${base}/api/v1/me`, { token: m.token })) as { personas: { id: string }[] }).personas[0]!.id })));
      crowd.push(...batch);
    }
    const starts = new Date(Date.now() + 7 * 86_400_000);
    const { id } = (await json(`${base}/api/v1/communities/${COMMUNITY_SLUG}/events`, {
      method: "POST",
      token: organiser!.token,
      body: JSON.stringify({ title: "Benchmark walk", startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 7_200_000).toISOString(), mode: "in_person", location: "The park", capacity: PLACES }),
    })) as { id: string };

    let next = 0;
    const scenario = await run(
      base,
      server.pid,
      {
        name: `RSVP "going" to one event with ${PLACES} places, a different member each request`,
        request: "POST /api/v1/events/:id/rsvp (bearer)",
        requests: [
          {
            method: "POST",
            setupRequest: (r) => {
              const member = crowd[next++ % crowd.length]!;
              return { ...r, path: `/api/v1/events/${id}/rsvp`, headers: { "content-type": "application/json", authorization: `Bearer ${member.token}` }, body: JSON.stringify({ status: "going" }) };
            },
          },
        ],
      },
      CONNECTIONS,
      DURATION,
    );
    const answered = Math.min(next, crowd.length);
    const event = (await json(`${base}/api/v1/events/${id}`, { token: organiser!.token })) as { going: number; waitlisted: number };
    say(`  ${event.going} going, ${event.waitlisted} waiting, of ${answered} members who answered.`);
    if (event.going !== PLACES || event.going + event.waitlisted !== answered) throw new Error("the places do not add up");

    // Cancellations, one at a time: each must promote the first one waiting.
    const times: number[] = [];
    for (let i = 0; i < CANCELLATIONS; i++) {
      const list = (await json(`${base}/api/v1/events/${id}/attendees`, { token: organiser!.token })) as { items: { persona: { id: string }; status: string }[] };
      const going = list.items.find((a) => a.status === "going")!;
      const head = list.items.find((a) => a.status === "waitlisted")!;
      const leaver = crowd.find((m) => m.personaId === going.persona.id)!;
      const started = performance.now();
      await json(`${base}/api/v1/events/${id}/rsvp`, { method: "POST", token: leaver.token, body: JSON.stringify({ status: "not_going" }) });
      times.push(performance.now() - started);
      const promoted = crowd.find((m) => m.personaId === head.persona.id)!;
      const seen = (await json(`${base}/api/v1/events/${id}`, { token: promoted.token })) as { myStatus: string };
      if (seen.myStatus !== "going") throw new Error("the first one waiting was not promoted");
    }
    const lines = [
      "# Events benchmark: answers to one event with a waitlist",
      "",
      `- Date: ${new Date().toISOString().slice(0, 10)}`,
      `- Database: ${database.label}`,
      `- Machine: ${machine.cpu} (${machine.cores} cores), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${machine.node}, ${machine.os}; load before ${machine.loadBefore}`,
      `- Command: \`npm run bench -- --events\`${database.label.startsWith("PostgreSQL") ? " with DATABASE_URL" : ""} (${MEMBERS} members, ${PLACES} places, ${CONNECTIONS} connections, ${DURATION} s)`,
      "",
      "| What | Result |",
      "|---|---|",
      `| RSVP throughput, ${CONNECTIONS} connections | ${scenario.rps.toFixed(0)} req/s (p50 ${scenario.p50} ms, p99 ${scenario.p99} ms, non-2xx ${scenario.non2xx}, errors ${scenario.errors}) |`,
      `| After the run | ${event.going} going, ${event.waitlisted} waiting, of ${answered} members who answered (each decided under the event's row lock) |`,
      `| A cancellation that promotes the first one waiting (${CANCELLATIONS} in turn, each checked) | median ${median(times).toFixed(1)} ms, slowest ${Math.max(...times).toFixed(1)} ms |`,
      "",
      "Every request goes to the same event, so every answer waits for the one before it on the",
      "event's row lock: the throughput is that of one serialised decision, not of the server.",
      "",
    ];
    const markdown = lines.join("\n");
    process.stdout.write(markdown);
    if (write) {
      const out = path.join(root, "bench", process.env.DATABASE_URL ? "RESULTS-events-postgres.md" : "RESULTS-events.md");
      await fs.writeFile(out, markdown);
      say(`Wrote ${path.relative(process.cwd(), out)}.`);
    }
  } finally {
    await server?.stop();
    await database.drop();
  }
}
