/**
 * The follow and bookmark buttons' form posts (toggle, then back: POST-redirect-GET), and
 * the member's own lists: /following and /bookmarks, linked from the account page.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import type { Page } from "../shared/cursor.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { PersonaBadge, When } from "../web/components.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { formField, redirectTarget, sendToSignIn } from "../web/redirect-target.ts";
import type { BookmarkView, FollowView, ToggleTarget } from "./follows.service.ts";

const hide = { schema: { hide: true } };
export const FOLLOWING_PATH = "/following";
export const BOOKMARKS_PATH = "/bookmarks";

function FollowItem({ f }: { f: FollowView }) {
  if (f.type === "persona") {
    return (
      <li>
        <PersonaBadge persona={f.persona} linked />
      </li>
    );
  }
  const link = f.type === "thread" ? `/t/${encodeURIComponent(f.thread.id)}` : `/c/${encodeURIComponent(f.community.slug)}/s/${encodeURIComponent(f.space.slug)}`;
  return (
    <li>
      <a href={link} dir="auto">
        {f.type === "thread" ? f.thread.title : f.space.name}
      </a>{" "}
      · <span dir="auto">{f.community.name}</span>
    </li>
  );
}

export function FollowingPage({ ctx, page }: { ctx: PageContext; page: Page<FollowView> }) {
  const { t } = ctx;
  const groups = (["thread", "space", "persona"] as const).map((type) => ({ type, items: page.items.filter((f) => f.type === type) }));
  return (
    <Layout ctx={ctx} title={t.text("following.title")}>
      <h1>{t.text("following.title")}</h1>
      <p class="lead">{t.text("following.lead")}</p>
      {page.items.length === 0 ? <p>{t.text("following.none")}</p> : null}
      {groups
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <section aria-labelledby={`following-${g.type}`}>
            <h2 id={`following-${g.type}`}>{t.text("following.group", { type: g.type })}</h2>
            <ul>
              {g.items.map((f) => (
                <FollowItem f={f} />
              ))}
            </ul>
          </section>
        ))}
      {page.nextCursor ? (
        <nav class="pagination" aria-label={t.text("following.older")}>
          <a href={`${FOLLOWING_PATH}?cursor=${encodeURIComponent(page.nextCursor)}`}>{t.text("following.older")}</a>
        </nav>
      ) : null}
    </Layout>
  );
}

export function BookmarksPage({ ctx, page }: { ctx: PageContext; page: Page<BookmarkView> }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("bookmarks.title")}>
      <h1>{t.text("bookmarks.title")}</h1>
      <p class="lead">{t.text("bookmarks.lead")}</p>
      {page.items.length === 0 ? (
        <p>{t.text("bookmarks.none")}</p>
      ) : (
        <ul>
          {page.items.map((b) => (
            <li>
              <a href={b.postId ? `/t/${encodeURIComponent(b.thread.id)}#post-${encodeURIComponent(b.postId)}` : `/t/${encodeURIComponent(b.thread.id)}`} dir="auto">
                {b.postId ? t.text("bookmarks.postIn", { thread: b.thread.title }) : b.thread.title}
              </a>{" "}
              · <span dir="auto">{b.community.name}</span> · <When iso={b.createdAt} />
            </li>
          ))}
        </ul>
      )}
      {page.nextCursor ? (
        <nav class="pagination" aria-label={t.text("bookmarks.older")}>
          <a href={`${BOOKMARKS_PATH}?cursor=${encodeURIComponent(page.nextCursor)}`}>{t.text("bookmarks.older")}</a>
        </nav>
      ) : null}
    </Layout>
  );
}

const cursorOf = (request: FastifyRequest) => {
  const cursor = (request.query as { cursor?: unknown }).cursor;
  return typeof cursor === "string" && cursor ? cursor : undefined;
};

export async function followsPages(app: FastifyInstance, { services, config }: RouteContext) {
  /** Toggles, then goes back to the page the button was on (checked before the change: a bad `back` is a 400 and nothing happens). */
  const toggle = (
    path: string,
    what: (params: Record<string, string>) => ToggleTarget,
    fallback: (params: Record<string, string>, threadId?: string) => string,
    land: (location: string, params: Record<string, string>) => string = (location) => location,
  ) =>
    app.post<{ Params: Record<string, string> }>(path, hide, async (request, reply) => {
      if (!isSignedIn(request.viewer)) return sendToSignIn(reply, fallback(request.params));
      const back = redirectTarget(formField(request.body, "back"), { publicUrl: config.publicUrl, field: "back", fallback: "" });
      const { threadId } = await services.follows.toggle(request.viewer, what(request.params));
      return redirectAfterPost(reply, land(back || fallback(request.params, threadId), request.params));
    });

  toggle("/t/:id/follow", (p) => ({ thread: p.id! }), (p) => `/t/${encodeURIComponent(p.id!)}`);
  toggle("/t/:id/bookmark", (p) => ({ bookmarkThread: p.id! }), (p) => `/t/${encodeURIComponent(p.id!)}`);
  toggle("/c/:slug/s/:space/follow", (p) => ({ space: [p.slug!, p.space!] }), (p) => `/c/${encodeURIComponent(p.slug!)}/s/${encodeURIComponent(p.space!)}`);
  // A post's button comes back to the post itself, as a reaction does.
  toggle(
    "/p/:id/bookmark",
    (p) => ({ bookmarkPost: p.id! }),
    (_p, threadId) => (threadId ? `/t/${encodeURIComponent(threadId)}` : BOOKMARKS_PATH),
    (location, p) => `${location.split("#")[0]}#post-${encodeURIComponent(p.id!)}`,
  );
  toggle("/personas/:id/follow", (p) => ({ persona: p.id! }), (p) => `/personas/${encodeURIComponent(p.id!)}`);

  app.get(FOLLOWING_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, FOLLOWING_PATH);
    const page = await services.follows.listFollows(request.viewer, cursorOf(request));
    return sendPage(reply, <FollowingPage ctx={await pageContext(request, services)} page={page} />);
  });

  app.get(BOOKMARKS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, BOOKMARKS_PATH);
    const page = await services.follows.listBookmarks(request.viewer, cursorOf(request));
    return sendPage(reply, <BookmarksPage ctx={await pageContext(request, services)} page={page} />);
  });
}
