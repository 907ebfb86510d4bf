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
 * The people to ask, best first: at most `size`, one persona per account. `officeHours` holds the
 * accounts that keep office hours; `mayRead` says whether an account may read the question where
 * it is (a carers' or clinicians' space is never widened for routing).
 */
export function choose(
  candidates: Candidate[],
  context: { now: Date; size: number; officeHours: Map<string, OfficeHours>; mayRead: (accountId: string) => boolean },
): Candidate[] {
  const { now } = context;
  const eligible = candidates.filter((c) => {
    if (c.declaredMatches === 0 && c.demonstrated < DEMONSTRATED_FLOOR) return false;
    if (c.recentAsks >= c.weeklyLimit) return false;
    const hours = context.officeHours.get(c.accountId);
    if (hours && !withinOfficeHours(hours, now)) return false;
    return context.mayRead(c.accountId);
  });
  const ranked = eligible
    .map((c) => ({ c, score: scoreOf(c, now) }))
    .sort((a, b) => b.score - a.score || (a.c.personaId < b.c.personaId ? -1 : a.c.personaId > b.c.personaId ? 1 : 0));
  const chosen: Candidate[] = [];
  const accounts = new Set<string>();
  for (const { c } of ranked) {
    if (accounts.has(c.accountId)) continue;
    accounts.add(c.accountId);
    chosen.push(c);
    if (chosen.length === context.size) break;
  }
  return chosen;
}
