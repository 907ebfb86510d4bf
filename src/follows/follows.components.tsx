/**
 * Follow and bookmark buttons: one small POST form each, so they work without JavaScript.
 * The words say the state ("Follow this thread" / "Following — stop following"), so a
 * screen reader hears what pressing it does.
 */
import { CsrfField } from "../web/components.tsx";
import { useT } from "../web/i18n.ts";

type Props = { action: string; on: boolean; offLabel: string; onLabel: string; csrfToken: string; back: string };

function ToggleForm({ action, on, offLabel, onLabel, csrfToken, back }: Props) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="back" value={back} />
      <button type="submit" class={on ? "follow-button follow-on" : "follow-button secondary"}>
        {on ? onLabel : offLabel}
      </button>
    </form>
  );
}

/** The follow button of a thread, a space or a persona. */
export function FollowButton(props: { what: "thread" | "space" | "persona"; action: string; following: boolean; csrfToken: string; back: string; name?: string }) {
  const t = useT();
  const offLabel = props.what === "persona" ? t.text("follows.followPersona", { name: props.name ?? "" }) : t.text(props.what === "thread" ? "follows.followThread" : "follows.followSpace");
  return <ToggleForm action={props.action} on={props.following} offLabel={offLabel} onLabel={t.text("follows.stopFollowing")} csrfToken={props.csrfToken} back={props.back} />;
}

/** The bookmark button of a thread; only its owner ever sees that it is on. */
export function BookmarkButton(props: { action: string; bookmarked: boolean; csrfToken: string; back: string }) {
  const t = useT();
  return <ToggleForm action={props.action} on={props.bookmarked} offLabel={t.text("follows.bookmarkThread")} onLabel={t.text("follows.removeBookmark")} csrfToken={props.csrfToken} back={props.back} />;
}

/** A post's bookmark button, naming whose post it is so each button on a thread says which it keeps. */
export function PostBookmarkButton(props: { postId: string; author: string; bookmarked: boolean; csrfToken: string; back: string }) {
  const t = useT();
  return (
    <ToggleForm
      action={`/p/${encodeURIComponent(props.postId)}/bookmark`}
      on={props.bookmarked}
      offLabel={t.text("follows.bookmarkPost", { name: props.author })}
      onLabel={t.text("follows.removePostBookmark", { name: props.author })}
      csrfToken={props.csrfToken}
      back={props.back}
    />
  );
}
