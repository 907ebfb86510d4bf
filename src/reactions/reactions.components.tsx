/**
 * Reaction buttons under a post: words with counts ("Thanks 2"), one small form each,
 * so they work without JavaScript. Pressing one gives the reaction, or takes it back
 * when it shows as yours; the page comes back to the same post.
 */
import type { ReactionKind } from "../db/schema.ts";
import { REACTION_KINDS, type PostView } from "../discussion/discussion.presenter.ts";
import { CsrfField } from "../web/components.tsx";

export const REACTION_WORDS: Record<ReactionKind, string> = { thanks: "Thanks", me_too: "Me too", hug: "Hug", helpful: "Helpful" };

/** The words on a button: the reaction, its count when there is one, and "(yours)" when the viewer gave it. */
export function reactionLabel(kind: ReactionKind, count: number, pressed: boolean): string {
  return `${REACTION_WORDS[kind]}${count > 0 ? ` ${count}` : ""}${pressed ? " (yours)" : ""}`;
}

export function ReactionButtons({ post, csrfToken, back }: { post: PostView; csrfToken: string; back: string }) {
  return (
    <ul class="reactions reaction-buttons" aria-label="Reactions">
      {REACTION_KINDS.map((kind) => {
        const pressed = post.myReactions.includes(kind);
        return (
          <li>
            <form method="post" action={`/p/${post.id}/reactions`} class="inline-form">
              <CsrfField token={csrfToken} />
              <input type="hidden" name="kind" value={kind} />
              <input type="hidden" name="back" value={back} />
              <button type="submit" class={pressed ? "reaction-button reaction-pressed" : "reaction-button secondary"} aria-pressed={pressed ? "true" : "false"}>
                {reactionLabel(kind, post.reactions[kind], pressed)}
              </button>
            </form>
          </li>
        );
      })}
    </ul>
  );
}
