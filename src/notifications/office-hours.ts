/**
 * Office hours: when a clinician wants Hearth's digests to reach them (ADR 38). A persona's
 * availability is free words ("Answers on Tuesdays") that nothing can read reliably, so a
 * clinician sets these hours apart: the days of the week (1 Monday … 7 Sunday), a start and
 * an end on those days ("09:00"–"17:00", the end not included; "24:00" ends at midnight), in an IANA time zone. A
 * digest that falls due outside them waits for the next pass inside them.
 */
import { isTimeZone } from "../shared/time-zones.ts";
import type { OfficeHours } from "../shared/office-hours.ts";

export { withinOfficeHours, type OfficeHours } from "../shared/office-hours.ts";

export { isTimeZone };

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
/** An end may be 24:00, the end of the day. */
const END = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

/** The first field at fault in `hours`, or null: `days`, `from`, `to` (not after `from`) or `timeZone`. */
export function officeHoursProblem(hours: OfficeHours): "days" | "from" | "to" | "timeZone" | null {
  if (hours.days.length === 0 || hours.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7) || new Set(hours.days).size !== hours.days.length) return "days";
  if (!TIME.test(hours.from)) return "from";
  if (!END.test(hours.to) || hours.to <= hours.from) return "to";
  if (!isTimeZone(hours.timeZone)) return "timeZone";
  return null;
}

/** The period a digest belongs to: the UTC day, or the Monday of the UTC ISO week, as YYYY-MM-DD. */
export function digestPeriod(frequency: "daily" | "weekly", at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (frequency === "weekly") day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** How far back a first digest looks: one period. */
export function periodLength(frequency: "daily" | "weekly"): number {
  return (frequency === "daily" ? 1 : 7) * 24 * 60 * 60 * 1000;
}
