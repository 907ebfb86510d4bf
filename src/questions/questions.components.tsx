/**
 * The parts of the edge network that other features' pages show (ADR 49): a question's panel
 * under its opening post, the accepted mark and the asker's Accept button under each answer,
 * and a persona's expertise with its endorsements. Each action is a small POST form, so all of
 * it works without JavaScript.
 */
import type { PageContext } from "../web/layout.tsx";
import { CsrfField } from "../web/components.tsx";
import { useT } from "../web/i18n.ts";
import type { PublicExpertiseView } from "./expertise.service.ts";
import type { QuestionView } from "./questions.service.ts";

export const questionActionPath = (threadId: string, action: "close" | "reopen" | "pass") => `/t/${encodeURIComponent(threadId)}/question/${action}`;
export const acceptPath = (postId: string, undo = false) => `/p/${encodeURIComponent(postId)}/${undo ? "unaccept" : "accept"}`;

function ActionButton({ action, csrfToken, label, secondary }: { action: string; csrfToken: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={csrfToken} />
      <button type="submit" class={secondary ? "secondary" : undefined}>
        {label}
      </button>
    </form>
  );
}

export function TopicList({ topics }: { topics: { key: string; label: string }[] }) {
  const t = useT();
  return (
    <p class="question-topics">
      <span class="visually-hidden">{t.text("questions.topicsLabel")} </span>
      {topics.map((topic) => (
        <span class="topic-tag">{topic.label}</span>
      ))}
    </p>
  );
}

/** The question's panel: its topics and state, what the asker or a person asked may do. */
export function QuestionSection({ ctx, question }: { ctx: PageContext; question: QuestionView }) {
  const { t } = ctx;
  const token = ctx.csrfToken;
  return (
    <section class="question-panel" aria-labelledby="question-panel-title">
      <h2 id="question-panel-title">{question.status === "closed" ? t.text("questions.closedHeading") : t.text("questions.openHeading")}</h2>
      <TopicList topics={question.topics} />
      {question.acceptedPostId ? (
        <p>
          <a href={`#post-${question.acceptedPostId}`}>{t.text("questions.seeAccepted")}</a>
        </p>
      ) : null}
      {question.asked ? (
        <p>
          {question.asked.count === 0 ? t.text("questions.askedNobody") : t.text("questions.askedCount", { count: question.asked.count })}{" "}
          {question.asked.nobodyLeft ? t.text("questions.nobodyLeft") : null}
        </p>
      ) : null}
      {question.myRoute ? <p>{question.myRoute.passed ? t.text("questions.youPassed") : t.text("questions.youWereAsked")}</p> : null}
      <div class="question-actions">
        {question.can.passOn ? <ActionButton action={questionActionPath(question.threadId, "pass")} csrfToken={token} label={t.text("questions.passOn")} secondary /> : null}
        {question.can.close ? <ActionButton action={questionActionPath(question.threadId, "close")} csrfToken={token} label={t.text("questions.close")} secondary /> : null}
        {question.can.reopen ? <ActionButton action={questionActionPath(question.threadId, "reopen")} csrfToken={token} label={t.text("questions.reopen")} secondary /> : null}
      </div>
    </section>
  );
}

/** Under one answer: "Accepted answer", and the asker's button to accept it (or take the mark off). */
export function AnswerMark({ ctx, question, postId, mine }: { ctx: PageContext; question: QuestionView; postId: string; mine: boolean }) {
  const { t } = ctx;
  const accepted = question.acceptedPostId === postId;
  if (!accepted && (!question.can.accept || mine)) return null;
  return (
    <div class={`answer-mark${accepted ? " accepted" : ""}`}>
      {accepted ? <p class="accepted-label">{t.text("questions.acceptedAnswer")}</p> : null}
      {question.can.accept && !mine ? (
        <ActionButton action={acceptPath(postId, accepted)} csrfToken={ctx.csrfToken} label={accepted ? t.text("questions.unaccept") : t.text("questions.accept")} secondary={accepted} />
      ) : null}
    </div>
  );
}

/** A persona's declared expertise on its own page: topics, basis, and how many endorse it (never who). */
export function ExpertiseCard({ ctx, expertise }: { ctx: PageContext; expertise: PublicExpertiseView }) {
  const { t } = ctx;
  const { members, clinicians } = expertise.endorsements;
  return (
    <section class="expertise-card" aria-labelledby="expertise-title">
      <h2 id="expertise-title">{t.text("expertise.publicHeading")}</h2>
      <p>{t.text(BASIS_KEYS[expertise.basis])}</p>
      <TopicList topics={expertise.topics.map((key) => ({ key, label: key }))} />
      {expertise.basis !== "clinical" ? <p>{t.text("expertise.endorsedBy", { members, clinicians })}</p> : null}
      <EndorseButton ctx={ctx} expertise={expertise} />
    </section>
  );
}

function EndorseButton({ ctx, expertise }: { ctx: PageContext; expertise: PublicExpertiseView }) {
  const base = `/personas/${encodeURIComponent(expertise.personaId)}`;
  if (expertise.endorsedByMe) return <ActionButton action={`${base}/unendorse`} csrfToken={ctx.csrfToken} label={ctx.t.text("expertise.unendorse")} secondary />;
  if (!expertise.can.endorse) return null;
  return <ActionButton action={`${base}/endorse`} csrfToken={ctx.csrfToken} label={ctx.t.text("expertise.endorse")} />;
}

// Written out, key by key, so the catalogue check sees every key in use.
export const BASIS_KEYS: Record<"clinical" | "lived" | "both", string> = {
  clinical: "expertise.basis.clinical",
  lived: "expertise.basis.lived",
  both: "expertise.basis.both",
};
