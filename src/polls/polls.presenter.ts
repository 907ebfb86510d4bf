/**
 * The shape in which a poll leaves the server. Tallies only: how many chose each option,
 * never who. `myVote` is the viewer's own choices, and only theirs. The counts are left
 * out until the poll's author says they may be shown: once the viewer has voted
 * (after_voting) or once the poll has closed (after_closing, and after_voting too).
 */
import type { PollResultsShown } from "../db/schema.ts";
import type { PollRow } from "./polls.repo.ts";

export type PollOptionView = { label: string; votes?: number };

export type PollView = {
  id: string;
  threadId: string;
  question: string;
  options: PollOptionView[];
  multiple: boolean;
  resultsShown: PollResultsShown;
  closesAt: string | null;
  closed: boolean;
  /** The indexes the viewer chose, or null when they have not voted (always null for a guest). */
  myVote: number[] | null;
  /** How many people voted; only where the votes are shown. */
  voters?: number;
  /** What the viewer may do: vote (a member who may reply in the thread, has not voted, and the poll is open). */
  can: { vote: boolean };
};

export type PollFacts = {
  closed: boolean;
  mine: number[] | null;
  /** Present only when the votes may be shown to this viewer. */
  tally: { voters: number; counts: Map<number, number> } | null;
  canVote: boolean;
};

/** Whether the counts may be shown: after closing always; after voting, to someone who voted. */
export const resultsVisible = (resultsShown: PollResultsShown, closed: boolean, voted: boolean) =>
  closed || (resultsShown === "after_voting" && voted);

export function presentPoll(poll: PollRow, facts: PollFacts): PollView {
  const { tally } = facts;
  return {
    id: poll.id,
    threadId: poll.thread_id,
    question: poll.question,
    options: poll.options.map((label, i) => (tally ? { label, votes: tally.counts.get(i) ?? 0 } : { label })),
    multiple: poll.multiple,
    resultsShown: poll.results_shown,
    closesAt: poll.closes_at ? poll.closes_at.toISOString() : null,
    closed: facts.closed,
    myVote: facts.mine,
    ...(tally ? { voters: tally.voters } : {}),
    can: { vote: facts.canVote },
  };
}
