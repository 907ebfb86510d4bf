/**
 * The shape in which a community's response times leave the server (ADR 51): aggregates only,
 * each figure with the number of questions it was made from. On the public figures, one made
 * from fewer than SMALL_NUMBER questions is withheld (value and count null, with the reason), so
 * a handful of questions can never be told apart; the moderators' figures are not withheld.
 */
import type { QuestionCounts } from "./metrics.repo.ts";

/** A figure made from fewer questions than this is not shown in public. */
export const SMALL_NUMBER = 5;
/** The window the figures cover. */
export const WINDOW_DAYS = 90;

export type Withheld = "fewer_than_5_questions" | "no_questions";

/** One figure: a number of seconds or a share (0 to 1), and how many questions it was made from; or withheld. */
export type Figure = { value: number; basedOn: number; withheld: null } | { value: null; basedOn: null; withheld: Withheld };

export type QuestionFigures = {
  medianTimeToFirstAnswer: Figure;
  p90TimeToFirstAnswer: Figure;
  answeredWithin24h: Figure;
  answeredWithin24hByClinicians: Figure;
  answeredWithin24hByExpertPatients: Figure;
};

export type QuestionMetricsView = {
  community: { slug: string; name: string };
  window: { days: number; from: string; to: string };
  /** Over the questions anyone may read (public spaces of a public community), small numbers withheld. */
  public: QuestionFigures;
  /** Over every question of the community, for its owners and moderators only; null for anyone else. */
  all: QuestionFigures | null;
  /** A moderator whose host requires two-step sign-in sees `all` once it is on. */
  allNeedsSecondFactor: boolean;
};

/** The figures of one set of counts; `suppress` withholds any made from fewer than SMALL_NUMBER questions. */
export function presentFigures(counts: QuestionCounts, suppress: boolean): QuestionFigures {
  const figure = (value: number | null, basedOn: number): Figure => {
    if (suppress && basedOn < SMALL_NUMBER) return { value: null, basedOn: null, withheld: "fewer_than_5_questions" };
    if (basedOn === 0 || value === null) return { value: null, basedOn: null, withheld: "no_questions" };
    return { value, basedOn, withheld: null };
  };
  const share = (part: number) => (counts.dayOld === 0 ? null : Math.round((part / counts.dayOld) * 10_000) / 10_000);
  const seconds = (value: number | null) => (value === null ? null : Math.round(value));
  return {
    medianTimeToFirstAnswer: figure(seconds(counts.medianSeconds), counts.answered),
    p90TimeToFirstAnswer: figure(seconds(counts.p90Seconds), counts.answered),
    answeredWithin24h: figure(share(counts.withinDay), counts.dayOld),
    answeredWithin24hByClinicians: figure(share(counts.withinDayByClinicians), counts.dayOld),
    answeredWithin24hByExpertPatients: figure(share(counts.withinDayByExpertPatients), counts.dayOld),
  };
}
