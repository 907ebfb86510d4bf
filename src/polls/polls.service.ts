/**
 * Polls in threads (issue 11): the thread's author asks one question with 2 to 10
 * options; members who may reply there vote once per account, whichever persona they
 * are using, and everyone who may read the thread sees the anonymous tally when the
 * author's choice allows (after voting, or after closing). Reading follows the thread:
 * a poll in a thread the viewer cannot read is the same 404 as one that does not exist.
 *
 * A vote is stored against the account, never a persona (ADR 36): the account is what
 * "one vote" counts, and a persona id beside it would tie an anonymous persona to the
 * account in an export. No method returns who voted, or for what, except the viewer's own.
 */
import type { Db } from "../db/connection.ts";
import type { PollResultsShown } from "../db/schema.ts";
import type { DiscussionService, ThreadAccess } from "../discussion/discussion.service.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import type { EventBus } from "../events/event-bus.ts";
import { AppError, checkAll, conflict, forbidden, invalid, isNotFound, notFound, notSignedIn, orNotFound } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { LIMITS, POLL_OPTIONS } from "../shared/limits.ts";
import { normaliseTitle } from "../shared/text.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { presentPoll, resultsVisible, type PollView } from "./polls.presenter.ts";
import * as repo from "./polls.repo.ts";

export type { PollView } from "./polls.presenter.ts";

export type NewPoll = { question: string; options: string[]; multiple?: boolean; resultsShown?: string; closesAt?: string };

/** A thread's poll as its page shows it, and whether the viewer may add one (its author, while there is none). */
export type ThreadPoll = { poll: PollView | null; canAsk: boolean };

/** A closed poll and whom to tell (closingForNotice). */
export type PollClosing = {
  pollId: string;
  threadId: string;
  communityId: string;
  question: string;
  closedAt: Date;
  author: { accountId: string; personaId: string };
  voterAccountIds: string[];
};

const RESULTS: PollResultsShown[] = ["after_voting", "after_closing"];

export class PollsService {
  constructor(
    private readonly db: Db,
    private readonly discussion: DiscussionService,
    private readonly moderation: ModerationService,
    private readonly events: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds the thread's one poll, as its author. Every problem with the question and options is named at once. */
  async createPoll(viewer: Viewer, threadId: string, input: NewPoll): Promise<{ id: string }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const now = this.now();
    const checked = checkAll({
      question: () => normaliseTitle("question", input.question, { max: LIMITS.pollQuestion, empty: msg("problem.polls.question") }),
      options: () => checkOptions(input.options),
      resultsShown: () => checkResultsShown(input.resultsShown),
      closesAt: () => checkClosesAt(input.closesAt, now),
    });
    const access = await this.discussion.threadAccess(viewer, threadId);
    if (access.masked) throw notFound(msg("error.notFound.thread"));
    if (!access.ownsThread) throw forbidden(msg("error.polls.onlyThreadAuthor"));
    if (!access.mayReply) throw forbidden(msg("error.polls.cannotAsk"));
    await this.moderation.refuseIfSanctioned(viewer, access.communityId);
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      const added = await repo.insertPoll(trx, {
        id,
        community_id: access.communityId,
        thread_id: access.threadId,
        question: checked.question,
        options: checked.options,
        multiple: input.multiple === true,
        results_shown: checked.resultsShown,
        closes_at: checked.closesAt,
      });
      if (!added) throw conflict("poll_exists", msg("error.polls.alreadyAsked"));
      // Its closing is told when it comes (ADR 41): the event is queued now, with the poll, and held until then.
      if (checked.closesAt) {
        await this.events.publish(trx, { type: "poll.closing", communityId: access.communityId, threadId: access.threadId, pollId: id }, { startAfter: checked.closesAt });
      }
    });
    return { id };
  }

  /**
   * A closed poll, for telling of its closing (notifications, ADR 41): its thread, question and
   * close date, the thread author's persona and account, and the accounts that voted. Undefined
   * when it is gone or not closed yet (a job that ran early, or a poll with no close date).
   * Accounts are for the notifications service alone: nothing that leaves the server lists voters.
   */
  async closingForNotice(pollId: string): Promise<PollClosing | undefined> {
    const poll = isId(pollId) ? await repo.findPoll(this.db, pollId) : undefined;
    if (!poll || !poll.closes_at || !this.isClosed(poll)) return undefined;
    const author = await repo.threadAuthorOf(this.db, poll.thread_id);
    if (!author) return undefined;
    return {
      pollId: poll.id,
      threadId: poll.thread_id,
      communityId: poll.community_id,
      question: poll.question,
      closedAt: poll.closes_at,
      author: { accountId: author.account_id, personaId: author.persona_id },
      voterAccountIds: await repo.voterAccounts(this.db, poll.id),
    };
  }

  /** Whether the viewer may still read the poll's thread (and its words are not withheld from them). */
  async readableBy(viewer: Viewer, pollId: string): Promise<boolean> {
    try {
      await this.readablePoll(viewer, pollId);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /**
   * Votes once for the viewer's account. A second vote, from any of its personas or from
   * ten taps at once, is a 409: the database's key on (poll, account) decides.
   */
  async vote(viewer: Viewer, pollId: string, input: { options: number[] }): Promise<PollView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const choices = checkChoiceShape(input.options);
    const { poll, access } = await this.readablePoll(viewer, pollId);
    if (!access.mayReply) throw forbidden(msg("error.polls.joinToVote"));
    if (this.isClosed(poll)) throw new AppError("poll_closed", 409, msg("error.polls.closed"), { options: msg("error.polls.closed") });
    if (choices.some((i) => i >= poll.options.length)) throw invalid("options", msg("problem.polls.noSuchOption", { count: poll.options.length }));
    if (!poll.multiple && choices.length > 1) throw invalid("options", msg("problem.polls.chooseOne"));
    await this.moderation.refuseIfSanctioned(viewer, poll.community_id);
    const added = await repo.insertVote(this.db, { poll_id: poll.id, account_id: viewer.accountId, community_id: poll.community_id, choices });
    if (!added) throw conflict("already_voted", msg("error.polls.alreadyVoted"), "options");
    return this.present(viewer, poll, access);
  }

  /** One poll, as the viewer may see it. */
  async getPoll(viewer: Viewer, pollId: string): Promise<PollView> {
    const { poll, access } = await this.readablePoll(viewer, pollId);
    return this.present(viewer, poll, access);
  }

  /** The thread's poll (none where the thread has none), for its page and GET /api/v1/threads/:id/poll. */
  async pollOfThread(viewer: Viewer, threadId: string): Promise<ThreadPoll> {
    const access = await this.discussion.threadAccess(viewer, threadId);
    if (access.masked) return { poll: null, canAsk: false };
    const poll = await repo.findPollOfThread(this.db, access.threadId);
    if (!poll) return { poll: null, canAsk: access.ownsThread && access.mayReply };
    return { poll: await this.present(viewer, poll, access), canAsk: false };
  }

  private isClosed(poll: repo.PollRow): boolean {
    return poll.closes_at !== null && poll.closes_at.getTime() <= this.now().getTime();
  }

  private async present(viewer: Viewer, poll: repo.PollRow, access: ThreadAccess): Promise<PollView> {
    const closed = this.isClosed(poll);
    const mine = await repo.myChoices(this.db, poll.id, isSignedIn(viewer) ? viewer.accountId : null);
    const tally = resultsVisible(poll.results_shown, closed, mine !== null) ? await repo.tally(this.db, poll.id) : null;
    return presentPoll(poll, { closed, mine, tally, canVote: isSignedIn(viewer) && access.mayReply && !closed && mine === null });
  }

  /** The poll, if the viewer may read its thread (and its words are not withheld by a moderator); the same 404 otherwise. */
  private async readablePoll(viewer: Viewer, pollId: string): Promise<{ poll: repo.PollRow; access: ThreadAccess }> {
    const poll = isId(pollId) ? await repo.findPoll(this.db, pollId) : undefined;
    if (!poll) throw notFound(msg("error.notFound.poll"));
    const access = await this.discussion.threadAccess(viewer, poll.thread_id).catch(orNotFound(msg("error.notFound.poll")));
    if (access.masked) throw notFound(msg("error.notFound.poll"));
    return { poll, access };
  }
}

/** 2 to 10 options, each non-blank after the normaliser and different from the others (ignoring case). */
function checkOptions(options: unknown): string[] {
  if (!Array.isArray(options) || options.some((o) => typeof o !== "string")) throw invalid("options", msg("problem.polls.optionsCount", POLL_OPTIONS));
  const labels = (options as string[]).map((o) => normaliseTitle("options", o, { max: LIMITS.pollOption, empty: msg("problem.polls.optionBlank") }));
  if (labels.length < POLL_OPTIONS.min || labels.length > POLL_OPTIONS.max) throw invalid("options", msg("problem.polls.optionsCount", POLL_OPTIONS));
  const seen = new Set<string>();
  for (const label of labels) {
    const key = label.toLocaleLowerCase();
    if (seen.has(key)) throw invalid("options", msg("problem.polls.optionTwice", { option: label }));
    seen.add(key);
  }
  return labels;
}

function checkResultsShown(value: string | undefined): PollResultsShown {
  if (value === undefined) return "after_voting";
  if (!(RESULTS as string[]).includes(value)) throw invalid("resultsShown", msg("problem.chooseOneOf", { allowed: RESULTS.join(", ") }));
  return value as PollResultsShown;
}

/** An optional close date: a moment with its time zone, later than now. */
function checkClosesAt(value: string | undefined, now: Date): Date | null {
  if (value === undefined || value === null) return null;
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(at.getTime())) throw invalid("closesAt", msg("problem.polls.closesAtFormat"));
  if (at.getTime() <= now.getTime()) throw invalid("closesAt", msg("problem.polls.closesAtPast"));
  return at;
}

/** At least one option, each a whole number named once (whether each exists is checked against the poll). */
function checkChoiceShape(options: unknown): number[] {
  if (!Array.isArray(options) || options.length === 0) throw invalid("options", msg("problem.polls.chooseSomething"));
  if (options.some((i) => !Number.isInteger(i) || (i as number) < 0)) throw invalid("options", msg("problem.polls.noSuchOption", { count: POLL_OPTIONS.max }));
  if (new Set(options).size !== options.length) throw invalid("options", msg("problem.polls.optionChosenTwice"));
  return options as number[];
}
