/**
 * The learning log (issue 14, part 5; ADR 50): for clinicians and any member who wants one, a
 * private record of questions answered and threads engaged with, the time spent (estimated from
 * the words, or said by the owner) and a short reflection under the headings a UK appraisal
 * expects. Entries are made by the post.created job, once per account and thread, for accounts
 * that turned the log on; the owner adds entries of their own for work done elsewhere.
 *
 * It belongs to the account and is only ever shown to that account: every read and write is
 * scoped by the viewer's account id, anyone else's entry is the same 404 as none, and nothing of
 * it is counted or shown anywhere else.
 */
import type { Db } from "../db/connection.ts";
import { decodeCursor, toPage, type Page } from "../shared/cursor.ts";
import { checkAll, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { LEARNING_LOG_LIMITS } from "../shared/limits.ts";
import { normaliseName, normaliseProse, normaliseTitle } from "../shared/text.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import { estimateMinutes, POSTS_READ } from "./estimate.ts";
import * as repo from "./learning-log.repo.ts";
import { presentEntry, presentSettings, type EntryView, type LogSettingsView, type Reflection } from "./learning-log.presenter.ts";

export type { EntryView, LogSettingsView, Reflection } from "./learning-log.presenter.ts";

export type ReflectionInput = Partial<Record<keyof Reflection, string | null>>;
export type SettingsInput = { enabled: boolean; printName?: string | null };
export type NewEntryInput = { title: string; date?: string; minutes: number; reflection?: ReflectionInput };
export type EntryChangesInput = { minutes?: number; reflection?: ReflectionInput };

/** What the printed page and the CSV are made from: every entry, oldest first, and the name the owner chose. */
export type LogExport = { printName: string | null; entries: EntryView[]; totalMinutes: number };

/** The most entries an export holds: years of a busy clinician's log, and a bound on one request's work. */
export const EXPORT_LIMIT = 5000;

const REFLECTION_COLUMNS = { whatHappened: "what_happened", whatLearned: "what_learned", whatNext: "what_next" } as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const signedIn = (viewer: Viewer): SignedInViewer => {
  if (!isSignedIn(viewer)) throw notSignedIn();
  return viewer;
};
const entryNotFound = () => notFound(msg("error.notFound.learningLogEntry"));

function checkMinutes(minutes: unknown): number {
  if (typeof minutes !== "number" || !Number.isInteger(minutes) || minutes < LEARNING_LOG_LIMITS.minMinutes || minutes > LEARNING_LOG_LIMITS.maxMinutes) {
    throw invalid("minutes", msg("problem.learningLog.minutes", { min: String(LEARNING_LOG_LIMITS.minMinutes), max: String(LEARNING_LOG_LIMITS.maxMinutes) }));
  }
  return minutes;
}

/** A reflection's headings as columns: text normalised, null clears one; a heading left out is left alone. */
function reflectionColumns(input: ReflectionInput): repo.EntryChanges {
  const checks = Object.fromEntries(
    Object.entries(REFLECTION_COLUMNS)
      .filter(([key]) => input[key as keyof Reflection] !== undefined)
      .map(([key, column]) => {
        const value = input[key as keyof Reflection];
        const field = `reflection.${key}`;
        return [column, () => (value === null ? null : normaliseProse(field, value ?? "", { max: LEARNING_LOG_LIMITS.reflection, empty: msg("problem.learningLog.reflectionEmpty") }))];
      }),
  );
  return checkAll(checks) as repo.EntryChanges;
}

export class LearningLogService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Whether the viewer keeps a log, and the name they chose to print. */
  async settings(viewer: Viewer): Promise<LogSettingsView> {
    return presentSettings(await repo.settingsOf(this.db, signedIn(viewer).accountId));
  }

  /** Turns the log on or off (entries already made stay); `printName` null or "" prints a blank line, left out keeps it. */
  async updateSettings(viewer: Viewer, input: SettingsInput): Promise<LogSettingsView> {
    const { accountId } = signedIn(viewer);
    const current = await repo.settingsOf(this.db, accountId);
    let printName = current?.print_name ?? null;
    if (input.printName === null || input.printName?.trim() === "") printName = null;
    else if (input.printName !== undefined) printName = normaliseName("printName", input.printName, { max: LEARNING_LOG_LIMITS.printName, empty: msg("problem.learningLog.printName") });
    const settings = { enabled: input.enabled === true, print_name: printName };
    await repo.writeSettings(this.db, accountId, settings);
    return presentSettings(settings);
  }

  /** The viewer's entries, newest first, a page at a time. */
  async list(viewer: Viewer, cursor?: string, limit = 50): Promise<Page<EntryView>> {
    const { accountId } = signedIn(viewer);
    const rows = await repo.listEntries(this.db, accountId, decodeCursor(cursor), limit);
    return toPage(rows, limit, (r) => ({ at: r.cursor_at, id: r.id }), presentEntry);
  }

  /** One of the viewer's entries; anyone else's, or none, is the same 404. */
  async entry(viewer: Viewer, id: string): Promise<EntryView> {
    const { accountId } = signedIn(viewer);
    const row = isId(id) ? await repo.entryOf(this.db, accountId, id) : undefined;
    if (!row) throw entryNotFound();
    return presentEntry(row);
  }

  /** Adds an entry of the owner's own (kind `other`: a course, a case discussed elsewhere), whether or not the log records replies. */
  async addEntry(viewer: Viewer, input: NewEntryInput): Promise<EntryView> {
    const { accountId } = signedIn(viewer);
    const checked = checkAll({
      title: () => normaliseTitle("title", input.title, { max: LEARNING_LOG_LIMITS.title, empty: msg("problem.learningLog.title") }),
      date: () => this.checkDate(input.date),
      minutes: () => checkMinutes(input.minutes),
      reflection: () => reflectionColumns(input.reflection ?? {}),
    });
    const id = newId();
    const row: repo.NewEntry = {
      id,
      account_id: accountId,
      kind: "other",
      thread_id: null,
      post_id: null,
      title: checked.title,
      community_name: null,
      community_slug: null,
      minutes: checked.minutes,
      minutes_source: "self_reported",
      ...checked.reflection,
      occurred_at: checked.date,
    };
    await repo.insertEntry(this.db, row);
    return this.entry(viewer, id);
  }

  /** Changes the minutes (then said by the owner, no longer estimated) or the reflection of the viewer's entry. */
  async updateEntry(viewer: Viewer, id: string, input: EntryChangesInput): Promise<EntryView> {
    const { accountId } = signedIn(viewer);
    if (input.minutes === undefined && (input.reflection === undefined || Object.keys(input.reflection).length === 0)) {
      throw invalid("minutes", msg("problem.learningLog.nothingToChange"));
    }
    const checked = checkAll({
      minutes: () => (input.minutes === undefined ? undefined : checkMinutes(input.minutes)),
      reflection: () => reflectionColumns(input.reflection ?? {}),
    });
    const changes: repo.EntryChanges = { ...checked.reflection, ...(checked.minutes === undefined ? {} : { minutes: checked.minutes, minutes_source: "self_reported" as const }) };
    if (!isId(id) || !(await repo.updateEntry(this.db, accountId, id, changes))) throw entryNotFound();
    return this.entry(viewer, id);
  }

  async deleteEntry(viewer: Viewer, id: string): Promise<void> {
    const { accountId } = signedIn(viewer);
    if (!isId(id) || !(await repo.deleteEntry(this.db, accountId, id))) throw entryNotFound();
  }

  /** Everything for the printed page and the CSV, oldest first, with the total time. */
  async exportLog(viewer: Viewer): Promise<LogExport> {
    const { accountId } = signedIn(viewer);
    const [settings, rows] = await Promise.all([repo.settingsOf(this.db, accountId), repo.allEntries(this.db, accountId, EXPORT_LIMIT)]);
    const entries = rows.map(presentEntry);
    return { printName: settings?.print_name ?? null, entries, totalMinutes: entries.reduce((sum, e) => sum + e.minutes, 0) };
  }

  /**
   * Records a reply in its writer's log, if they keep one: `question_answered` in a question
   * someone else asked, `thread_engaged` anywhere else, the minutes estimated from the words.
   * The job's door (learning-log.job.ts), and the demo's: idempotent, since the unique key on
   * account and thread writes one entry however often, or however many replies, it is called for.
   * Returns whether it wrote one.
   */
  async recordReply(postId: string): Promise<boolean> {
    if (!isId(postId)) return false;
    const reply = await repo.replyFacts(this.db, postId);
    if (!reply || reply.deleted_at !== null) return false;
    if (!(await repo.settingsOf(this.db, reply.account_id))?.enabled) return false;
    const read = await repo.bodiesBefore(this.db, reply.thread_id, { at: reply.cursor_at, id: reply.post_id }, POSTS_READ);
    return repo.insertEntry(this.db, {
      id: newId(),
      account_id: reply.account_id,
      kind: reply.is_question && reply.account_id !== reply.thread_author_account_id ? "question_answered" : "thread_engaged",
      thread_id: reply.thread_id,
      post_id: reply.post_id,
      title: reply.title,
      community_name: reply.community_name,
      community_slug: reply.community_slug,
      minutes: estimateMinutes(reply.body, read),
      minutes_source: "estimated",
      occurred_at: reply.created_at,
    });
  }

  /** A manual entry's day (YYYY-MM-DD, at noon UTC so it is the same day everywhere), not after tomorrow; today when left out. */
  private checkDate(date: string | undefined): Date {
    if (date === undefined || date === "") return this.now();
    const at = new Date(`${date}T12:00:00.000Z`);
    const valid = DATE.test(date) && !Number.isNaN(at.getTime()) && at.toISOString().startsWith(date);
    if (!valid || at.getTime() > this.now().getTime() + DAY_MS) throw invalid("date", msg("problem.learningLog.date"));
    return at;
  }
}
