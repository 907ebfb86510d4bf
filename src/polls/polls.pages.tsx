/**
 * The polls' pages: the author's "Add a poll" form, and the vote a thread page's poll
 * form sends. Both read their forms with the API's bodies (ADR 28) and go back to the
 * thread (POST-redirect-GET); a form with a problem is shown again with an error summary.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { readSchemaForm } from "../web/schema-form.ts";
import { submit } from "../discussion/discussion.components.tsx";
import { PollBody, VoteBody } from "./polls.schemas.ts";
import { optionBoxes, pollForm, voteForm } from "./poll-forms.tsx";
import { sentValues } from "../web/form-body.ts";
import { EMPTY_DRAFT, NewPollPage, type PollDraft } from "./poll-new.page.tsx";
import { VotePage } from "./vote.page.tsx";

type IdRoute = { Params: { id: string } };
const hide = { schema: { hide: true } };

export async function pollsPages(app: FastifyInstance, { services }: RouteContext) {
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  /** The thread, for the author only while it has no poll; anyone else is told why. */
  async function threadToAsk(request: FastifyRequest, threadId: string) {
    const threadPoll = await services.polls.pollOfThread(request.viewer, threadId);
    const thread = await services.discussion.getThread(request.viewer, threadId, undefined, 1);
    if (threadPoll.poll) throw new AppError("poll_exists", 409, msg("error.polls.alreadyAsked"));
    if (!threadPoll.canAsk) throw new AppError("forbidden", 403, msg("error.polls.onlyThreadAuthor"));
    return thread;
  }

  app.get<IdRoute>("/t/:id/poll/new", hide, async (request, reply) => {
    const thread = await threadToAsk(request, request.params.id);
    return sendPage(reply, <NewPollPage ctx={await ctxOf(request)} thread={thread} draft={EMPTY_DRAFT} />);
  });

  app.post<IdRoute>("/t/:id/poll", hide, async (request, reply) => {
    const threadId = request.params.id;
    const boxes = optionBoxes(request.body);
    const options = boxes.filter((o) => o.trim() !== "").join("\n");
    const body = { ...(request.body as Record<string, unknown>), options };
    const form = readSchemaForm(body, PollBody, pollForm(request.i18n), {}, request.i18n);
    const result = await submit(form, request.i18n.text("polls.unsaved"), () => services.polls.createPoll(request.viewer, threadId, form.input ?? { question: form.values.question, options: [] }), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/t/${threadId}#poll`);
    const thread = await services.discussion.getThread(request.viewer, threadId, undefined, 1);
    const draft: PollDraft = {
      question: form.values.question,
      options: boxes,
      multiple: form.values.multiple !== "",
      resultsShown: form.values.resultsShown || EMPTY_DRAFT.resultsShown,
      closesAt: form.values.closesAt,
    };
    return sendPage(reply, <NewPollPage ctx={await ctxOf(request)} thread={thread} draft={draft} problem={result.problem} />, result.status);
  });

  app.post<IdRoute>("/polls/:id/votes", hide, async (request, reply) => {
    const pollId = request.params.id;
    const ticked = sentValues(request.body, "options");
    const form = readSchemaForm({ options: ticked.join(",") }, VoteBody, voteForm(request.i18n), {}, request.i18n);
    const result = await submit(form, request.i18n.text("polls.voteUnsaved"), () => services.polls.vote(request.viewer, pollId, form.input ?? { options: [] }), request.i18n);
    if (result.ok) return redirectAfterPost(reply, `/t/${result.value.threadId}#poll`);
    const poll = await services.polls.getPoll(request.viewer, pollId);
    const thread = await services.discussion.getThread(request.viewer, poll.threadId, undefined, 1);
    const chosen = ticked.filter((s) => /^\d{1,2}$/.test(s)).map(Number);
    return sendPage(reply, <VotePage ctx={await ctxOf(request)} thread={thread} threadPoll={{ poll, canAsk: false }} chosen={chosen} problem={result.problem} />, result.status);
  });
}
