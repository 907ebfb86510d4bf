/**
 * A member's check-ins over time, drawn on the server as SVG (no JavaScript): one small chart
 * per scale question, so no line has to be told apart by colour. The lines use currentColor
 * (dark mode follows the text), gaps where no check-in was made, and each chart carries its
 * question, its days and its range in words (title and desc); the table beside it holds the
 * same numbers for anyone who would rather read them.
 */
import { scaleOf, type CheckinField } from "../shared/checkin-template.ts";
import { dayWords } from "../shared/dates.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import type { CheckinView } from "./checkins.service.ts";

const WIDTH = 320;
const HEIGHT = 120;
const LEFT = 28;
const RIGHT = 8;
const TOP = 10;
const BOTTOM = 22;
const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** The points of one question's line, in runs of consecutive days (a missed day breaks the line). */
export function chartRuns(field: CheckinField, items: CheckinView[]): { first: number; last: number; runs: [number, number][][] } | null {
  const points = items
    .filter((i) => typeof i.values[field.id] === "number")
    .map((i) => [dayNumber(i.day), i.values[field.id] as number] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  if (points.length === 0) return null;
  const runs: [number, number][][] = [];
  for (const point of points) {
    const run = runs[runs.length - 1];
    if (run && point[0] - run[run.length - 1]![0] === 1) run.push(point);
    else runs.push([point]);
  }
  return { first: points[0]![0], last: points[points.length - 1]![0], runs };
}

export function CheckinChart({ field, items, t, id }: { field: CheckinField; items: CheckinView[]; t: Translator; id: string }) {
  const data = chartRuns(field, items);
  if (!data) return null;
  const { min, max } = scaleOf(field);
  const span = Math.max(1, data.last - data.first);
  const x = (day: number) => (LEFT + ((day - data.first) / span) * (WIDTH - LEFT - RIGHT)).toFixed(1);
  const y = (value: number) => (TOP + (1 - (value - min) / (max - min)) * (HEIGHT - TOP - BOTTOM)).toFixed(1);
  const values = data.runs.flat().map((p) => p[1]);
  const firstDay = new Date(data.first * DAY_MS).toISOString().slice(0, 10);
  const lastDay = new Date(data.last * DAY_MS).toISOString().slice(0, 10);
  const few = values.length <= 31;
  return (
    <figure class="checkin-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-title`}>{field.label}</title>
        <desc id={`${id}-desc`}>
          {t.text("checkins.chartDescription", {
            from: dayWords(firstDay, t),
            to: dayWords(lastDay, t),
            count: values.length,
            lowest: Math.min(...values),
            highest: Math.max(...values),
            min,
            max,
          })}
        </desc>
        <g class="axes" aria-hidden="true">
          <line x1={LEFT} y1={y(min)} x2={WIDTH - RIGHT} y2={y(min)} />
          <line x1={LEFT} y1={y(max)} x2={WIDTH - RIGHT} y2={y(max)} class="faint" />
          <text x={LEFT - 4} y={y(max)} text-anchor="end" dominant-baseline="middle">{max}</text>
          <text x={LEFT - 4} y={y(min)} text-anchor="end" dominant-baseline="middle">{min}</text>
          <text x={LEFT} y={HEIGHT - 6}>{dayWords(firstDay, t)}</text>
          <text x={WIDTH - RIGHT} y={HEIGHT - 6} text-anchor="end">{dayWords(lastDay, t)}</text>
        </g>
        <g class="line" aria-hidden="true">
          {data.runs.map((run) =>
            run.length === 1 ? (
              <circle cx={x(run[0]![0])} cy={y(run[0]![1])} r="2.5" />
            ) : (
              <polyline points={run.map(([d, v]) => `${x(d)},${y(v)}`).join(" ")} fill="none" />
            ),
          )}
          {few ? data.runs.flat().map(([d, v]) => <circle cx={x(d)} cy={y(v)} r="2" />) : null}
        </g>
      </svg>
      <figcaption>{field.label}</figcaption>
    </figure>
  );
}
