/**
 * Who is asked a question (ADR 49), decided from the facts alone, so the same data always asks
 * the same people in the same order. A candidate is skipped when they have been asked as many
 * questions in the last seven days as their persona allows (their boundary), or when they keep
 * office hours and it is outside them now. The rest are ranked by
 *
 *   2 × declared topics matched + demonstrated expertise (capped at 10) + recent activity − 0.5 × questions asked this week
 *
 * with ties broken by persona id. One person is asked once, as their best-ranked persona.
 */
import { withinOfficeHours, type OfficeHours } from "../shared/office-hours.ts";

export type Candidate = {
  personaId: string;
  accountId: string;
  /** How many of the question's topics the persona declared (synonyms counted as their topic). */
  declaredMatches: number;
  /** Accepted answers (3) and helpful marks (1) on these topics here, each halved every 180 days. */
  demonstrated: number;
  weeklyLimit: number;
  /** Questions the account was asked in the last seven days, as any persona. */
  recentAsks: number;
  lastActiveAt: Date | null;
};

const DAY = 24 * 3600_000;
const DEMONSTRATED_CAP = 10;
/** Below this, demonstrated expertise alone (a helpful mark long ago) does not make a candidate. */
const DEMONSTRATED_FLOOR = 0.5;

function activity(lastActiveAt: Date | null, now: Date): number {
  if (!lastActiveAt) return 0;
  const age = now.getTime() - lastActiveAt.getTime();
  if (age <= 30 * DAY) return 1;
  if (age <= 180 * DAY) return 0.5;
  return 0;
}

export function scoreOf(candidate: Candidate, now: Date): number {
  return 2 * candidate.declaredMatches + Math.min(candidate.demonstrated, DEMONSTRATED_CAP) + activity(candidate.lastActiveAt, now) - 0.5 * candidate.recentAsks;
}

/**
 * The candidates worth looking at, best first: those with a matching declared topic or enough
 * demonstrated expertise, not past their weekly limit, ranked as above.
 */
export function rank(candidates: Candidate[], now: Date): Candidate[] {
  return candidates
    .filter((c) => (c.declaredMatches > 0 || c.demonstrated >= DEMONSTRATED_FLOOR) && c.recentAsks < c.weeklyLimit)
    .map((c) => ({ c, score: scoreOf(c, now) }))
    .sort((a, b) => b.score - a.score || (a.c.personaId < b.c.personaId ? -1 : a.c.personaId > b.c.personaId ? 1 : 0))
    .map(({ c }) => c);
}

/**
 * The people to ask from ranked candidates, in order: at most `size`, one persona per account,
 * skipping `already` (accounts chosen before), anyone outside their office hours now, and anyone
 * who may not read the question where it is (a carers' or clinicians' space is never widened for
 * routing). `officeHours` holds the accounts that keep office hours.
 */
export function choose(
  ranked: Candidate[],
  context: { now: Date; size: number; officeHours: Map<string, OfficeHours>; mayRead: (accountId: string) => boolean; already?: Set<string> },
): Candidate[] {
  const chosen: Candidate[] = [];
  const accounts = new Set<string>(context.already ?? []);
  for (const c of ranked) {
    if (chosen.length === context.size) break;
    if (accounts.has(c.accountId)) continue;
    const hours = context.officeHours.get(c.accountId);
    if (hours && !withinOfficeHours(hours, context.now)) continue;
    if (!context.mayRead(c.accountId)) continue;
    accounts.add(c.accountId);
    chosen.push(c);
  }
  return chosen;
}
