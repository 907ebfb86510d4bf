/**
 * Office hours as data (ADR 38): the days of the week (1 Monday … 7 Sunday), a start and an end on
 * those days ("09:00"–"17:00", the end not included; "24:00" ends at midnight), in an IANA time
 * zone. Notifications keeps them (and checks them); digests and question routing (ADR 49) ask
 * whether a moment falls inside them.
 */
export type OfficeHours = { days: number[]; from: string; to: string; timeZone: string };

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Whether `at` falls inside the office hours, in their time zone. */
export function withinOfficeHours(hours: OfficeHours, at: Date): boolean {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: hours.timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const day = WEEKDAYS[part("weekday")] ?? 0;
  const time = `${part("hour")}:${part("minute")}`;
  return hours.days.includes(day) && time >= hours.from && time < hours.to;
}
