/**
 * The member's own ladder on the community page: each small step in words, the ones taken
 * marked done (in words, not only a tick), and the next one suggested with a link into this
 * community. Nothing here is shown to anyone else; there are no counts and no dates.
 */
import { useT } from "../web/i18n.ts";
import { CsrfField } from "../web/components.tsx";
import type { LadderView, Step } from "./ladder.ts";

export type { LadderView } from "./ladder.ts";

/** Where each step can be taken in this community. */
export type LadderLinks = { community: string; firstSpace: string | null; welcome: { id: string; title: string } | null };

const STEP_WORDS: Record<Step, string> = {
  read: "participation.step.read",
  react: "participation.step.react",
  checkin: "participation.step.checkin",
  reply: "participation.step.reply",
  thread: "participation.step.thread",
  event: "participation.step.event",
  helped: "participation.step.helped",
};

const NEXT_WORDS: Record<Step, string> = {
  read: "participation.next.read",
  react: "participation.next.react",
  checkin: "participation.next.checkin",
  reply: "participation.next.reply",
  thread: "participation.next.thread",
  event: "participation.next.event",
  helped: "participation.next.helped",
};

function hrefFor(step: Step, links: LadderLinks): string {
  const base = `/c/${encodeURIComponent(links.community)}`;
  const space = links.firstSpace ? `${base}/s/${encodeURIComponent(links.firstSpace)}` : base;
  const welcome = links.welcome ? `/t/${links.welcome.id}` : null;
  if (step === "checkin") return `${base}#checkin-heading`;
  if (step === "event") return `${base}/events`;
  if (step === "read" || step === "react") return welcome ?? `${base}#recent-heading`;
  if (step === "reply") return welcome ? `${welcome}#reply` : space;
  return space;
}

export function LadderSection({ ladder, links }: { ladder: LadderView; links: LadderLinks }) {
  const t = useT();
  const next = ladder.next;
  const nextWords = next === "reply" && links.welcome ? t.text("participation.next.sayHello", { thread: links.welcome.title }) : next ? t.text(NEXT_WORDS[next]) : null;
  return (
    <section aria-labelledby="ladder-heading" class="ladder">
      <h2 id="ladder-heading">{t.text("participation.heading")}</h2>
      {next ? (
        <p class="ladder-next">
          {t.text("participation.nextLead")} <a href={hrefFor(next, links)}>{nextWords}</a>
        </p>
      ) : (
        <p>{t.text("participation.allDone")}</p>
      )}
      <ol class="ladder-steps">
        {ladder.steps.map((step) => (
          <li class={step.done ? "done" : undefined}>
            {t.text(STEP_WORDS[step.id])} <span class="ladder-state">{t.text(step.done ? "participation.done" : "participation.notYet")}</span>
          </li>
        ))}
      </ol>
      <p class="hint">{t.text("participation.onlyYou")}</p>
    </section>
  );
}

/**
 * One tap to welcome a newcomer (ADR 41), under their hello in the welcome thread: a small
 * form, so it works without JavaScript, from the viewer's personal persona (the API takes
 * another). Once given it says so instead.
 */
export function WelcomeButton({ slug, offer, csrfToken, back }: { slug: string; offer: { personaId: string; name: string; welcomed: boolean }; csrfToken: string; back: string }) {
  const t = useT();
  if (offer.welcomed) return <p class="welcome-given">{t.text("welcome.given", { name: offer.name })}</p>;
  return (
    <form method="post" action={`/c/${encodeURIComponent(slug)}/members/${encodeURIComponent(offer.personaId)}/welcome`} class="inline-form welcome-form">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="back" value={back} />
      <button type="submit" class="secondary">
        {t.text("welcome.button")}
        <span class="visually-hidden"> {offer.name}</span>
      </button>
    </form>
  );
}
