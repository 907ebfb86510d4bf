/** The shapes in which a learning log leaves the server: only ever to its owner. */
import type { LearningLogKind, MinutesSource } from "../db/schema.ts";
import type { EntryRow, SettingsRow } from "./learning-log.repo.ts";

export type Reflection = { whatHappened: string | null; whatLearned: string | null; whatNext: string | null };

export type EntryView = {
  id: string;
  kind: LearningLogKind;
  /** The thread's title when the entry was made (empty when its opening post had been deleted), or the owner's own title. */
  title: string;
  community: { name: string; slug: string } | null;
  /** The thread, while it exists; null for a manual entry or a thread deleted since. */
  link: string | null;
  /** When it happened (ISO 8601). */
  date: string;
  minutes: number;
  minutesSource: MinutesSource;
  reflection: Reflection;
};

export type LogSettingsView = { enabled: boolean; printName: string | null };

export const presentEntry = (row: EntryRow): EntryView => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  community: row.community_name !== null && row.community_slug !== null ? { name: row.community_name, slug: row.community_slug } : null,
  link: row.thread_id ? `/t/${row.thread_id}` : null,
  date: row.occurred_at.toISOString(),
  minutes: row.minutes,
  minutesSource: row.minutes_source,
  reflection: { whatHappened: row.what_happened, whatLearned: row.what_learned, whatNext: row.what_next },
});

export const presentSettings = (row: SettingsRow | undefined): LogSettingsView => ({ enabled: row?.enabled ?? false, printName: row?.print_name ?? null });

/** Whole hours and minutes of a total, for the printed page and the list ("12 h 30 min" is said by the page). */
export const hoursAndMinutes = (total: number) => ({ hours: Math.floor(total / 60), minutes: total % 60 });
