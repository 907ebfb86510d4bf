/**
 * Reaction buttons under a post: words with counts ("Thanks 2"), one small form each,
 * so they work without JavaScript. Pressing one gives the reaction, or takes it back
 * when it shows as yours; the page comes back to the same post.
 */
import type { ReactionKind } from "../db/schema.ts";
import { REACTION_KINDS, type PostView } from "../discussion/discussion.presenter.ts";
import { CsrfField } from "../web/components.tsx";
import { useT } from "../web/i18n.ts";
import type { Translator } from "../shared/i18n/translator.ts";

const REACTION_KEYS: Record<ReactionKind, string> = { thanks: "reactions.thanks", me_too: "reactions.me_too", hug: "reactions.hug", helpful: "reactions.helpful" };

/** A reaction's word in the reader's language ("Thanks", "Diolch"). */
const reactionWord = (t: Translator, kind: ReactionKind) => t.text(REACTION_KEYS[kind]);

/** The words on a button: the reaction, its count when there is one, and "(yours)" when the viewer gave it. */
export function reactionLabel(t: Translator, kind: ReactionKind, count: number, pressed: boolean): string {
  const word = reactionWord(t, kind);
  const counted = count > 0 ? t.text("reactions.counted", { word, count }) : word;
  return pressed ? t.text("reactions.yours", { label: counted }) : counted;
}

export function ReactionButtons({ post, csrfToken, back }: { post: PostView; csrfToken: string; back: string }) {
  const t = useT();
  return (
    <ul class="reactions reaction-buttons" aria-label={t.text("reactions.label")}>
      {REACTION_KINDS.map((kind) => {
        const pressed = post.myReactions.includes(kind);
        return (
          <li>
            <form method="post" action={`/p/${post.id}/reactions`} class="inline-form">
              <CsrfField token={csrfToken} />
              <input type="hidden" name="kind" value={kind} />
              <input type="hidden" name="back" value={back} />
              <button type="submit" class={pressed ? "reaction-button reaction-pressed" : "reaction-button secondary"} aria-pressed={pressed ? "true" : "false"}>
                {reactionLabel(t, kind, post.reactions[kind], pressed)}
              </button>
            </form>
          </li>
        );
      })}
    </ul>
  );
}
