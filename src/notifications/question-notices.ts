/**
 * The edge network's notices (issue 14, ADR 51), written by event subscribers
 * (notifications.job.ts) of what src/questions publishes:
 *
 * - `question.routed`: the one account asked is told, addressed to the persona it was asked as
 *   (an anonymous clinician persona is addressed as itself; nothing names the account). It says
 *   nothing of who else was asked, nor who asked: the question is on its thread for that.
 * - `answer.accepted`: the answer's author is told, as the persona that answered; the asker's
 *   persona (the thread's author, signed on the thread anyway) is the actor.
 * - `question.exhausted`: the asker is told, as the persona that asked, that nobody suitable is
 *   left to ask and the question stays open.
 *
 * Each is told once per account and source key however often the job runs, and only while the
 * account is active, may still read the thread, and has the `questions` type on.
 */
import type { Db } from "../db/connection.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import { isId, newId } from "../shared/ids.ts";
import type { QuestionNotificationKind } from "./notifications.presenter.ts";
import type { NotificationWriter } from "./notification-writer.ts";
import { readersAmong } from "./thread-readers.ts";
import * as repo from "./notifications.repo.ts";
import * as questionRepo from "./question-notices.repo.ts";

type QuestionThread = NonNullable<Awaited<ReturnType<typeof questionRepo.findQuestionThread>>>;

export class QuestionNotices {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly communities: CommunitiesService,
    private readonly writer: NotificationWriter,
  ) {}

  /** One person was asked a question, as one of their personas: that account is told, once per question. */
  async noteRouted(event: { communityId: string; threadId: string; accountId: string; personaId: string }): Promise<void> {
    const thread = await this.answerableThread(event.threadId, event.communityId);
    if (!thread || !isId(event.accountId) || !isId(event.personaId)) return;
    // Nobody is asked their own question, whatever the payload says.
    if (event.accountId === thread.asker_account_id) return;
    if (!(await questionRepo.isActivePersonaOf(this.db, event.personaId, event.accountId))) return;
    await this.tell(thread, event.accountId, { kind: "question_routed", source: `question-routed:${thread.id}`, personaId: event.personaId, actorPersonaId: null });
  }

  /** The asker accepted an answer: its author is told, as the persona that answered, once per answer. */
  async noteAccepted(event: { communityId: string; threadId: string; postId: string }): Promise<void> {
    if (!isId(event.postId) || !isId(event.threadId)) return;
    const [thread, answer] = await Promise.all([questionRepo.findQuestionThread(this.db, event.threadId), questionRepo.findAnswer(this.db, event.postId)]);
    if (!thread || !answer || answer.thread_id !== thread.id || thread.community_id !== event.communityId) return;
    if (answer.deleted_at || answer.hidden_at || thread.hidden_at || answer.author_status !== "active") return;
    if (answer.author_account_id === thread.asker_account_id) return;
    await this.tell(thread, answer.author_account_id, {
      kind: "answer_accepted",
      source: `answer-accepted:${answer.id}`,
      personaId: answer.author_persona_id,
      actorPersonaId: thread.asker_persona_id,
      postId: answer.id,
    });
  }

  /** Nobody suitable is left to ask: the asker is told, as the persona that asked, once per question. */
  async noteExhausted(event: { communityId: string; threadId: string }): Promise<void> {
    const thread = await this.answerableThread(event.threadId, event.communityId);
    if (!thread || thread.asker_status !== "active") return;
    await this.tell(thread, thread.asker_account_id, { kind: "question_unanswered", source: `question-exhausted:${thread.id}`, personaId: thread.asker_persona_id, actorPersonaId: null });
  }

  /** The question's thread, while it can still be answered: not hidden, its opening there, not closed, and in the community the event named. */
  private async answerableThread(threadId: string, communityId: string): Promise<QuestionThread | null> {
    if (!isId(threadId)) return null;
    const thread = await questionRepo.findQuestionThread(this.db, threadId);
    if (!thread || thread.community_id !== communityId) return null;
    if (thread.hidden_at || thread.opening_deleted_at || thread.question_status === "closed") return null;
    return thread;
  }

  /** Writes the notice for one account, if it is active, may read the thread, and has questions on. */
  private async tell(
    thread: QuestionThread,
    accountId: string,
    what: { kind: QuestionNotificationKind; source: string; personaId: string; actorPersonaId: string | null; postId?: string },
  ): Promise<void> {
    if ((await repo.typesTurnedOff(this.db, [accountId])).get(accountId)?.has("questions")) return;
    if (!(await readersAmong(this.accounts, this.communities, [accountId], thread)).has(accountId)) return;
    await this.writer.write(accountId, (trx) =>
      repo.insertKeyed(trx, {
        id: newId(),
        account_id: accountId,
        kind: what.kind,
        source_key: what.source,
        persona_id: what.personaId,
        actor_persona_id: what.actorPersonaId,
        community_id: thread.community_id,
        thread_id: thread.id,
        ...(what.postId ? { post_id: what.postId } : {}),
        created_at: new Date(),
      }),
    );
  }
}
