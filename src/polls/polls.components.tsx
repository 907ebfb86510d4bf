/**
 * A thread's poll on its page: a form of radio buttons or checkboxes (a fieldset whose
 * legend is the question) with a Vote button, which works without JavaScript; or the
 * results, each option's votes and share in words, with a bar drawn beside them that
 * screen readers skip (the words say it all). Counts only, never who.
 */
import { signInPath } from "../web/redirect-target.ts";
import type { PageContext } from "../web/layout.tsx";
import { CsrfField, describedBy, FieldError } from "../web/components.tsx";
import { useT } from "../web/i18n.ts";
import { dateTimeWords } from "../shared/dates.ts";
import { isSignedIn } from "../shared/viewer.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import type { PollView, ThreadPoll } from "./polls.service.ts";

/** The share of voters who chose an option, as a whole percentage (of people, so a multiple-choice poll's shares can add up to more than 100). */
export const shareOf = (votes: number, voters: number) => (voters > 0 ? Math.round((votes * 100) / voters) : 0);

function ClosingLine({ poll }: { poll: PollView }) {
  const t = useT();
  if (!poll.closesAt) return poll.closed ? <p class="poll-meta">{t.text("polls.closed")}</p> : null;
  const when = dateTimeWords(poll.closesAt, t);
  return <p class="poll-meta">{poll.closed ? t.text("polls.closedOn", { when }) : t.text("polls.closesOn", { when })}</p>;
}

/** The voting form: one choice (radios) or several (checkboxes); `error` and `chosen` when it comes back with a problem. */
export function VoteForm({ poll, csrfToken, error, chosen = [] }: { poll: PollView; csrfToken: string; error?: string | undefined; chosen?: number[] }) {
  const t = useT();
  const id = "field-options";
  return (
    <form method="post" action={`/polls/${poll.id}/votes`} class="poll-form" novalidate>
      <CsrfField token={csrfToken} />
      <fieldset class={`field radios${error ? " field-error" : ""}`} aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}>
        <legend class="poll-question" dir="auto">
          {poll.question}
        </legend>
        <p class="hint" id={`${id}-hint`}>
          {poll.multiple ? t.text("polls.chooseAny") : t.text("polls.chooseOne")}
        </p>
        <FieldError id={id} error={error} />
        {poll.options.map((option, i) => {
          const optionId = i === 0 ? id : `${id}-${i}`;
          return (
            <div class="radio">
              <input type={poll.multiple ? "checkbox" : "radio"} id={optionId} name="options" value={String(i)} checked={chosen.includes(i)} />
              <label for={optionId} dir="auto">
                {option.label}
              </label>
            </div>
          );
        })}
      </fieldset>
      <button type="submit">{t.text("polls.vote")}</button>
    </form>
  );
}

function Results({ poll, t }: { poll: PollView; t: Translator }) {
  const voters = poll.voters ?? 0;
  return (
    <>
      <p class="poll-question" dir="auto">
        {poll.question}
      </p>
      <ul class="poll-results">
        {poll.options.map((option, i) => {
          const votes = option.votes ?? 0;
          const share = shareOf(votes, voters);
          const mine = poll.myVote?.includes(i);
          return (
            <li class={mine ? "poll-result poll-mine" : "poll-result"}>
              <span class="poll-label">
                <span dir="auto">{option.label}</span>
                {mine ? <span class="poll-your-choice"> ({t.text("polls.yourChoice")})</span> : null}
              </span>
              <span class="poll-count">{t.text("polls.result", { votes, percent: t.number(share) })}</span>
              {/* The bar repeats the words above it: drawn for the eye, hidden from screen readers. SVG attributes, as the CSP allows no inline styles. */}
              <svg class="poll-bar" aria-hidden="true" focusable="false" width="100%" height="12">
                <rect class="poll-bar-track" width="100%" height="12" rx="6" />
                {share > 0 ? <rect class="poll-bar-fill" width={`${share}%`} height="12" rx="6" /> : null}
              </svg>
            </li>
          );
        })}
      </ul>
      <p class="poll-meta">{t.text("polls.voters", { count: voters })}</p>
    </>
  );
}

/** The options without counts (they are not shown yet), with the viewer's own choice marked. */
function OptionsOnly({ poll, t }: { poll: PollView; t: Translator }) {
  return (
    <>
      <p class="poll-question" dir="auto">
        {poll.question}
      </p>
      <ul class="poll-options">
        {poll.options.map((option, i) => (
          <li class={poll.myVote?.includes(i) ? "poll-mine" : undefined}>
            <span dir="auto">{option.label}</span>
            {poll.myVote?.includes(i) ? <span class="poll-your-choice"> ({t.text("polls.yourChoice")})</span> : null}
          </li>
        ))}
      </ul>
      <p class="poll-meta">{poll.resultsShown === "after_closing" || poll.myVote ? t.text("polls.resultsAfterClosing") : t.text("polls.resultsAfterVoting")}</p>
    </>
  );
}

/** The poll where the viewer cannot vote now: the results where they may be shown, the options alone otherwise. */
function Standing({ poll, t }: { poll: PollView; t: Translator }) {
  const shown = poll.options.some((o) => o.votes !== undefined);
  if (shown) return <Results poll={poll} t={t} />;
  return <OptionsOnly poll={poll} t={t} />;
}

/** What the viewer can do next: sign in to vote (a guest), or join (a reader who is not a member). */
function VotePrompt({ ctx, poll }: { ctx: PageContext; poll: PollView }) {
  const { t } = ctx;
  if (poll.closed || poll.can.vote || poll.myVote) return null;
  if (!isSignedIn(ctx.viewer)) {
    return (
      <p>
        <a href={signInPath(`/t/${poll.threadId}#poll`)}>{t.text("polls.signInToVote")}</a>
      </p>
    );
  }
  return <p class="poll-meta">{t.text("polls.membersVote")}</p>;
}

/** The poll's section of a thread page, or the author's "Add a poll" link while the thread has none. */
export function PollSection({ ctx, threadPoll, threadId }: { ctx: PageContext; threadPoll: ThreadPoll; threadId: string }) {
  const { t } = ctx;
  const { poll } = threadPoll;
  if (!poll) {
    if (!threadPoll.canAsk) return null;
    return (
      <p class="poll-ask">
        <a href={`/t/${threadId}/poll/new`}>{t.text("polls.addPoll")}</a>
      </p>
    );
  }
  return (
    <section id="poll" class="poll" aria-labelledby="poll-title">
      <h2 id="poll-title">{t.text("polls.heading")}</h2>
      {poll.can.vote ? <VoteForm poll={poll} csrfToken={ctx.csrfToken} /> : <Standing poll={poll} t={t} />}
      {poll.myVote && !poll.closed ? <p class="poll-meta">{t.text("polls.counted")}</p> : null}
      <ClosingLine poll={poll} />
      <VotePrompt ctx={ctx} poll={poll} />
      <p class="poll-meta">{t.text("polls.anonymous")}</p>
    </section>
  );
}
