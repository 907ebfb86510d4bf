/** A vote that did not go through (nothing chosen, too many, already voted, closed): the problem first, then the poll again. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { labelsOf } from "../web/schema-form.ts";
import { Breadcrumb } from "../discussion/discussion.components.tsx";
import type { ThreadView } from "../discussion/discussion.service.ts";
import type { ThreadPoll } from "./polls.service.ts";
import { PollSection, VoteForm } from "./polls.components.tsx";
import { voteForm } from "./poll-forms.tsx";
import { threadTrail } from "./poll-new.page.tsx";

export function VotePage({ ctx, thread, threadPoll, chosen, problem }: { ctx: PageContext; thread: ThreadView; threadPoll: ThreadPoll & { poll: NonNullable<ThreadPoll["poll"]> }; chosen: number[]; problem: FormProblem }) {
  const { t } = ctx;
  const { poll } = threadPoll;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("polls.voteTitle", { question: poll.question }), problem)} community={thread.community}>
      <FormErrorSummary problem={problem} labels={labelsOf(voteForm(t))} />
      <Breadcrumb items={threadTrail(thread)} />
      <h1 dir="auto">{t.text("polls.voteTitle", { question: poll.question })}</h1>
      {poll.can.vote ? <VoteForm poll={poll} csrfToken={ctx.csrfToken} error={problem.fields?.options} chosen={chosen} /> : <PollSection ctx={ctx} threadPoll={threadPoll} threadId={thread.id} />}
      <p>
        <a href={`/t/${thread.id}#poll`}>{t.text("discussion.backToThread")}</a>
      </p>
    </Layout>
  );
}
