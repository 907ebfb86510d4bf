/**
 * Questions (issue 14, parts 2 and 3; ADR 49): a thread with topics that Hearth routes to the
 * members most likely to answer it well, without overwhelming anyone and without telling anyone
 * who else was asked. Answers are the thread's replies; the asker accepts one; "helpful" is the
 * reaction of that name. A person asked may pass it on (the next candidate is asked in their
 * place, once); a question nobody has answered is asked of the next people after the community's
 * re-route time (a job per round, which does nothing once its round is past), until nobody
 * suitable is left, and then the asker is told so.
 */
import type { Db } from "../db/connection.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { DiscussionService } from "../discussion/discussion.service.ts";
import type { NotificationEmailService } from "../notifications/notification-email.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import { AppError, forbidden, invalid, isNotFound, notFound, notSignedIn, orNotFound } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId } from "../shared/ids.ts";
import { QUESTION_LIMITS } from "../shared/limits.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import type { ExpertiseService } from "./expertise.service.ts";
import { checkTopics } from "./topics.ts";
import { choose, rank, type Candidate } from "./routing.ts";
import * as routingRepo from "./routing.repo.ts";
import * as repo from "./questions.repo.ts";
import { labelled, presentQuestion, presentQuestionSummary, type QuestionSummaryView, type QuestionView } from "./questions.presenter.ts";

export type { QuestionView, QuestionSummaryView } from "./questions.presenter.ts";

export type AskInput = { title: string; body: string; topics: string[]; personaId?: string; space?: string; language?: string; contentWarnings?: string[] };
export type AskedQuestion = { id: string; postId: string; routedCount: number; crisisSupport: boolean };

const HOUR = 3600_000;

const questionNotFound = () => notFound(msg("error.notFound.question"));

export class QuestionsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly communities: CommunitiesService,
    private readonly discussion: DiscussionService,
    private readonly expertise: ExpertiseService,
    private readonly people: { accounts: AccountsService; personas: PersonasService; notificationEmail: NotificationEmailService },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The same service, its clock set by the caller (tests of office hours and timed re-routing). */
  asOf(now: () => Date): QuestionsService {
    return new QuestionsService(this.db, this.events, this.communities, this.discussion, this.expertise, this.people, now);
  }

  /**
   * Asks a question in a space the viewer may write in (`space`, or the community's first such
   * space): 1 to 5 topics, checked before anything is written; the thread, its topics and the
   * first people asked are written in one transaction.
   */
  async ask(viewer: Viewer, slug: string, input: AskInput): Promise<AskedQuestion> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const typed = checkTopics("topics", input.topics, { min: 1, max: QUESTION_LIMITS.questionTopics });
    const spaceSlug = input.space ?? (await this.firstWritableSpace(viewer, slug));
    const { community, space } = await this.communities.readableSpace(viewer, slug, spaceSlug);
    const topics = await this.expertise.canonical(community.id, typed);
    const routing = routingOf(community.charter);
    const facts = { communityId: community.id, threadId: "", topics, askerAccountId: viewer.accountId };
    const chosen = await this.chooseFor(facts, { community_visibility: community.visibility, space_visibility: space.visibility }, routing.askPerRound);
    let routedCount = 0;
    const made = await this.discussion.createThread(viewer, slug, space.slug, input, async (trx, thread) => {
      await repo.insertQuestion(trx, { thread_id: thread.threadId, community_id: community.id, topics });
      routedCount = await this.askPeople(trx, { threadId: thread.threadId, communityId: community.id }, 1, chosen);
      if (routedCount === 0) await repo.markExhausted(trx, thread.threadId, this.now());
      else await this.scheduleReroute(trx, { threadId: thread.threadId, communityId: community.id }, 1, routing.rerouteAfterHours);
    });
    return { id: made.id, postId: made.postId, routedCount, crisisSupport: made.crisisSupport };
  }

  /** The question of a thread the viewer may read, with what they may do; null when the thread is no question. */
  async ofThread(viewer: Viewer, threadId: string): Promise<QuestionView | null> {
    const row = isId(threadId) ? await repo.findQuestion(this.db, threadId) : undefined;
    if (!row) return null;
    const access = await this.discussion.threadAccess(viewer, threadId);
    const membership = isSignedIn(viewer) ? await this.communities.membershipIn(viewer, row.community_id) : null;
    const route = isSignedIn(viewer) ? await repo.routeOf(this.db, row.thread_id, viewer.accountId) : undefined;
    const topics = (await repo.topicsOf(this.db, [row.thread_id])).get(row.thread_id) ?? [];
    return presentQuestion(row, labelled(topics, await this.expertise.labels(row.community_id, topics)), {
      asker: access.ownsThread,
      manager: this.communities.manages(membership),
      mayReply: access.mayReply,
      route,
    });
  }

  /** A question the viewer may read; the same 404 for a thread they may not read and a thread that is no question. */
  async get(viewer: Viewer, threadId: string): Promise<QuestionView> {
    const question = await this.ofThread(viewer, threadId).catch(orNotFound(msg("error.notFound.question")));
    if (!question) throw questionNotFound();
    return question;
  }

  /** The community's newest questions in the spaces the viewer reads. */
  async list(viewer: Viewer, slug: string): Promise<{ items: QuestionSummaryView[] }> {
    const { community, spaces } = await this.communities.readableSpaces(viewer, slug);
    const rows = await repo.listQuestions(this.db, community.id, spaces.map((s) => s.id), 50);
    const topics = await repo.topicsOf(this.db, rows.map((r) => r.thread_id));
    const labels = await this.expertise.labels(community.id, [...new Set([...topics.values()].flat())]);
    return { items: rows.map((r) => presentQuestionSummary(r, labelled(topics.get(r.thread_id) ?? [], labels))) };
  }

  /** Answers a question: a reply in its thread. Not the asker's (they add to it with a reply), not once it is closed. */
  async answer(viewer: Viewer, threadId: string, input: { body: string; personaId?: string; language?: string }): Promise<{ id: string; pageCursor: string | null }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const question = await this.get(viewer, threadId);
    if (question.asked) throw invalid("threadId", msg("problem.questions.ownQuestion"));
    if (question.status === "closed") throw closed();
    const reply = await this.discussion.reply(viewer, threadId, input);
    return { id: reply.id, pageCursor: reply.pageCursor };
  }

  /** Refuses a reply to a closed question (discussion asks before every reply). */
  async refuseReply(threadId: string): Promise<void> {
    const row = await repo.findQuestion(this.db, threadId);
    if (row?.status === "closed") throw closed();
  }

  /**
   * Accepts an answer: only the asker, only a reply from someone else that is still there. One
   * answer is accepted at a time; accepting another moves the mark.
   */
  async accept(viewer: Viewer, postId: string): Promise<QuestionView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const answer = isId(postId) ? await repo.findAnswer(this.db, postId) : undefined;
    if (!answer) throw notFound(msg("error.notFound.answer"));
    // An answer in a thread the viewer may not read is the same 404 as no answer; anything else is not a 404.
    const question = await this.get(viewer, answer.thread_id).catch(orNotFound(msg("error.notFound.answer")));
    if (!question.can.accept) throw forbidden(msg("error.questions.askerAccepts"));
    if (answer.opening) throw invalid("postId", msg("problem.questions.acceptQuestion"));
    if (answer.author_account_id === viewer.accountId) throw invalid("postId", msg("problem.questions.acceptOwn"));
    if (answer.deleted || answer.hidden) throw new AppError("answer_gone", 409, msg("error.questions.answerGone"));
    if (question.acceptedPostId !== answer.post_id) {
      await this.db.transaction().execute(async (trx) => {
        await repo.setAccepted(trx, answer.thread_id, answer.post_id, this.now());
        await this.events.publish(trx, { type: "answer.accepted", communityId: answer.community_id, threadId: answer.thread_id, postId: answer.post_id });
      });
    }
    return this.get(viewer, answer.thread_id);
  }

  /** Takes the mark off the accepted answer (the asker only). */
  async unaccept(viewer: Viewer, postId: string): Promise<QuestionView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const answer = isId(postId) ? await repo.findAnswer(this.db, postId) : undefined;
    if (!answer) throw notFound(msg("error.notFound.answer"));
    const question = await this.get(viewer, answer.thread_id);
    if (!question.can.accept) throw forbidden(msg("error.questions.askerAccepts"));
    if (question.acceptedPostId !== answer.post_id) throw new AppError("not_accepted", 409, msg("error.questions.notAccepted"));
    await repo.setAccepted(this.db, answer.thread_id, null, this.now());
    return this.get(viewer, answer.thread_id);
  }

  /** Closes a question (the asker or a moderator): no more answers, no more routing. */
  async close(viewer: Viewer, threadId: string): Promise<QuestionView> {
    const question = await this.get(viewer, threadId);
    if (!question.can.close) throw question.status === "closed" ? closed() : forbidden(msg("error.questions.askerOrModerator"));
    await repo.setStatus(this.db, threadId, "closed", this.now());
    return this.get(viewer, threadId);
  }

  async reopen(viewer: Viewer, threadId: string): Promise<QuestionView> {
    const question = await this.get(viewer, threadId);
    if (!question.can.reopen) throw question.status === "open" ? new AppError("question_open", 409, msg("error.questions.alreadyOpen")) : forbidden(msg("error.questions.askerOrModerator"));
    await repo.setStatus(this.db, threadId, "open", this.now());
    return this.get(viewer, threadId);
  }

  /**
   * "Not my area — pass it on": the viewer was asked and passes; the next candidate is asked in
   * their place. Once: passing twice is a 409 and asks nobody more. When nobody is left and
   * nobody else is still asked, the asker is told.
   */
  async passOn(viewer: Viewer, threadId: string): Promise<QuestionView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const question = await this.get(viewer, threadId);
    if (!question.myRoute) throw new AppError("not_asked", 409, msg("error.questions.notAsked"));
    if (!question.can.passOn) throw new AppError("already_passed", 409, msg(question.status === "closed" ? "error.questions.closed" : "error.questions.alreadyPassed"));
    const row = (await repo.findQuestion(this.db, threadId))!;
    const next = await this.nextPeople(row, 1);
    const passed = await this.db.transaction().execute(async (trx) => {
      const locked = (await repo.findQuestion(trx, threadId, true))!;
      if (!(await repo.passRoute(trx, threadId, viewer.accountId))) return false;
      const asked = await this.askPeople(trx, { threadId, communityId: locked.community_id }, locked.round, next);
      if (asked === 0 && (await repo.waitingRoutes(trx, threadId)) === 0 && locked.first_answer_at === null) await this.nobodyLeft(trx, locked);
      return true;
    });
    if (!passed) throw new AppError("already_passed", 409, msg("error.questions.alreadyPassed"));
    return this.get(viewer, threadId);
  }

  /**
   * The timed re-route of `round` (the job): when the question is still open, unanswered and at
   * that round, the next people are asked and the next re-route is queued; when nobody suitable is
   * left, the asker is told, once. A job for a round already past, or run twice, does nothing.
   */
  async reroute(threadId: string, round: number): Promise<void> {
    const row = isId(threadId) ? await repo.findQuestion(this.db, threadId) : undefined;
    if (!row || !stillWaiting(row, round)) return;
    const routing = routingOf(row.community_charter);
    const next = await this.nextPeople(row, routing.askPerRound);
    await this.db.transaction().execute(async (trx) => {
      const locked = await repo.findQuestion(trx, threadId, true);
      if (!locked || !stillWaiting(locked, round) || !(await repo.advanceRound(trx, threadId, round))) return;
      const asked = await this.askPeople(trx, { threadId, communityId: locked.community_id }, round + 1, next);
      if (asked > 0) await this.scheduleReroute(trx, { threadId, communityId: locked.community_id }, round + 1, routing.rerouteAfterHours);
      else await this.nobodyLeft(trx, locked);
    });
  }

  /**
   * A reply was written (the job): the question's first answer, when it is the first from someone
   * other than the asker, with who gave it (a verified clinician, an expert patient, a member),
   * and the answerer's route marked answered. Idempotent: the earliest answer wins.
   */
  async noteReply(postId: string): Promise<void> {
    const reply = isId(postId) ? await repo.replyFacts(this.db, postId) : undefined;
    if (!reply || reply.author_account_id === reply.asker_account_id) return;
    const persona = await this.people.personas.get(reply.author_persona_id).catch((error: unknown) => {
      if (isNotFound(error)) return undefined; // the persona is gone: its answer counts as a member's
      throw error;
    });
    const clinician = persona?.capacity === "verified_clinician" || persona?.capacity === "verified_clinician_anonymous";
    const by = clinician ? "clinician" : (await this.expertise.isExpertPatient(reply.author_persona_id)) ? "expert_patient" : "member";
    await repo.noteAnswer(this.db, { threadId: reply.thread_id, accountId: reply.author_account_id, at: reply.created_at, by });
  }

  private async nextPeople(row: repo.QuestionRow, size: number): Promise<Candidate[]> {
    const topics = (await repo.topicsOf(this.db, [row.thread_id])).get(row.thread_id) ?? [];
    return this.chooseFor({ communityId: row.community_id, threadId: row.thread_id, topics, askerAccountId: row.asker_account_id }, row, size);
  }

  /**
   * The people to ask: the candidates ranked from the query's facts, then, best first and a few
   * at a time (so a topic with hundreds of experts looks up only the first few), each account's
   * reading rights and office hours, until `size` are chosen or nobody is left.
   */
  private async chooseFor(
    question: { communityId: string; threadId: string; topics: string[]; askerAccountId: string },
    where: { community_visibility: repo.QuestionRow["community_visibility"]; space_visibility: repo.QuestionRow["space_visibility"] },
    size: number,
  ): Promise<Candidate[]> {
    const now = this.now();
    const ranked = rank(await routingRepo.candidates(this.db, { ...question, now }), now);
    const chosen: Candidate[] = [];
    const batch = Math.max(size * 3, 10);
    for (let from = 0; from < ranked.length && chosen.length < size; from += batch) {
      const slice = ranked.slice(from, from + batch);
      const accountIds = [...new Set(slice.map((c) => c.accountId))];
      const [viewers, memberships, officeHours] = await Promise.all([
        this.people.accounts.viewersForAccounts(accountIds),
        this.communities.membershipsIn(question.communityId, accountIds),
        this.people.notificationEmail.officeHoursOfAccounts(accountIds),
      ]);
      const mayRead = (accountId: string) => {
        const viewer: SignedInViewer | undefined = viewers.get(accountId);
        return viewer !== undefined && this.communities.mayRead(viewer, { visibility: where.community_visibility }, { visibility: where.space_visibility }, memberships.get(accountId) ?? null);
      };
      chosen.push(...choose(slice, { now, size: size - chosen.length, officeHours, mayRead, already: new Set(chosen.map((c) => c.accountId)) }));
    }
    return chosen;
  }

  private async askPeople(trx: Db, question: { threadId: string; communityId: string }, round: number, people: Candidate[]): Promise<number> {
    const asked = await repo.insertRoutes(trx, question.threadId, round, people, this.now());
    for (const person of asked) {
      await this.events.publish(trx, { type: "question.routed", communityId: question.communityId, threadId: question.threadId, accountId: person.accountId, personaId: person.personaId });
    }
    return asked.length;
  }

  private async scheduleReroute(trx: Db, question: { threadId: string; communityId: string }, round: number, hours: number): Promise<void> {
    const startAfter = new Date(this.now().getTime() + hours * HOUR);
    await this.events.publish(trx, { type: "question.reroute_due", communityId: question.communityId, threadId: question.threadId, round }, { startAfter });
  }

  private async nobodyLeft(trx: Db, row: repo.QuestionRow): Promise<void> {
    if (await repo.markExhausted(trx, row.thread_id, this.now())) {
      await this.events.publish(trx, { type: "question.exhausted", communityId: row.community_id, threadId: row.thread_id });
    }
  }

  private async firstWritableSpace(viewer: Viewer, slug: string): Promise<string> {
    const { community, membership, spaces } = await this.communities.readableSpaces(viewer, slug);
    const space = spaces.find((s) => this.communities.mayPost(viewer, community, s, membership));
    if (!space) throw new AppError("must_join", 403, msg("error.questions.joinToAsk"));
    return space.slug;
  }
}

const closed = () => new AppError("question_closed", 409, msg("error.questions.closed"));

/** Whether a re-route of `round` still has work: open, not hidden, nobody has answered, nobody accepted, and at that round. */
const stillWaiting = (row: repo.QuestionRow, round: number) =>
  row.status === "open" && row.hidden_at === null && row.first_answer_at === null && row.accepted_post_id === null && row.round === round;

function routingOf(charter: repo.QuestionRow["community_charter"]) {
  return {
    askPerRound: charter.questionRouting?.askPerRound ?? QUESTION_LIMITS.askPerRound.default,
    rerouteAfterHours: charter.questionRouting?.rerouteAfterHours ?? QUESTION_LIMITS.rerouteAfterHours.default,
  };
}
