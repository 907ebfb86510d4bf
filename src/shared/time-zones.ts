/**
 * IANA time zones: checking a name, and turning a wall-clock time in a zone into an instant
 * and back (forms take "2026-03-29T18:30" and a zone; the database keeps instants).
 * Intl does the zone arithmetic, so daylight-saving changes follow the tz data Node carries.
 */

/** Whether `zone` is a time zone this Node knows, by an IANA-shaped name ("Europe/London", "UTC"), never an offset. */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The zone's offset from UTC at an instant, in minutes (60 for London in summer). */
function offsetMinutes(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time ("2026-03-29T18:30") names in `zone`, or null when it is not
 * such a time. A time skipped by a clock change is read with the offset before it.
 */
export function instantOfWallTime(wall: string, zone: string): Date | null {
  const m = WALL.exec(wall);
  if (!m || !isTimeZone(zone)) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(asUtc).getUTCDate() !== day) return null; // 31 February
  const first = asUtc - offsetMinutes(asUtc, zone) * 60_000;
  const second = asUtc - offsetMinutes(first, zone) * 60_000;
  return new Date(offsetMinutes(second, zone) === offsetMinutes(first, zone) ? second : first);
}

/** The wall-clock time ("2026-03-29T18:30") of an instant in `zone`, for a form's datetime-local field. */
export function wallTimeOf(instant: Date, zone: string): string {
  const local = new Date(instant.getTime() + offsetMinutes(instant.getTime(), zone) * 60_000);
  return local.toISOString().slice(0, 16);
}
