/**
 * `npm run bench -- --chart`: how long drawing a member's check-in charts takes for a year
 * of daily check-ins (issue 11): the demo's COPD questions (four scales), 366 check-ins,
 * rendered to HTML as the check-in page does, in this process. Prints the median and the
 * 95th percentile of 200 renders and the SVG's size; writes bench/RESULTS-chart.md.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { CheckinChart } from "../src/checkins/checkin-chart.tsx";
import type { CheckinView } from "../src/checkins/checkins.service.ts";
import { DEMO_CHECKIN_TEMPLATE } from "../src/demo/demo-checkins.ts";
import { english } from "../src/shared/i18n/translator.ts";
import { root, say } from "./harness.ts";
import { describeMachine } from "./report.ts";

const DAYS = 366;
const RENDERS = 200;

export async function main(write = true) {
  const t = english();
  const today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const items: CheckinView[] = Array.from({ length: DAYS }, (_, i) => ({
    id: `c${i}`,
    day: new Date(today - i * 86_400_000).toISOString().slice(0, 10),
    values: { breathlessness: 3 + (i % 5), cough: 2 + (i % 4), sleep: 1 + (i % 5), mood: 1 + ((i * 7) % 5), reliever: i % 9 === 0 },
    shared: false,
  }));
  const scales = DEMO_CHECKIN_TEMPLATE.fields.filter((f) => f.type === "scale");
  const render = () => scales.map((field, i) => renderToString(h(CheckinChart, { field, items, t, id: `chart-${i}` }))).join("");
  for (let i = 0; i < 20; i++) render(); // warm-up
  const times: number[] = [];
  let html = "";
  for (let i = 0; i < RENDERS; i++) {
    const started = performance.now();
    html = render();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(RENDERS / 2)]!;
  const p95 = times[Math.floor(RENDERS * 0.95)]!;
  const machine = describeMachine();
  const lines = [
    "# Check-in chart rendering",
    "",
    `Written by \`npm run bench -- --chart\` (bench/chart.ts) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. Not a timed test.`,
    "",
    `- **What:** the check-in page's charts for ${DAYS} daily check-ins of the demo's ${scales.length} scale questions, rendered to HTML with Preact in this process, ${RENDERS} times after a warm-up.`,
    `- **Machine:** ${machine.cpu}, ${machine.cores} cores (shared); Node.js ${machine.node} on ${machine.os}; load average before: ${machine.loadBefore}.`,
    "",
    "| renders | p50 | p95 | HTML of the charts |",
    "|---:|---:|---:|---:|",
    `| ${RENDERS} | ${p50.toFixed(2)} ms | ${p95.toFixed(2)} ms | ${(html.length / 1024).toFixed(1)} KB |`,
    "",
  ];
  const markdown = lines.join("\n");
  process.stdout.write(markdown);
  if (write) {
    const out = path.join(root, "bench", "RESULTS-chart.md");
    await fs.writeFile(out, markdown);
    say(`Wrote ${path.relative(process.cwd(), out)}.`);
  }
}
