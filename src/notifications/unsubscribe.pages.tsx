/**
 * One-click unsubscribe (RFC 8058, ADR 38). GET /unsubscribe/:token shows a page with one
 * button, signed in or not, without JavaScript; POST /unsubscribe/:token (what a mail client
 * sends for List-Unsubscribe-Post, and what the button sends) turns that email off and
 * answers 200. The token is the only credential: an HMAC of the account and what it stops,
 * under the server secret, so the POST needs no session and no CSRF token (csrf.ts lets it
 * through). A GET changes nothing: link scanners open links in mail. A bad token is a 404.
 */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { Notice } from "../web/components.tsx";
import { pageContext, sendPage } from "../web/page-context.ts";
import { notFound } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { NOTIFICATION_SETTINGS_PATH, UNSUBSCRIBE_PATH, type UnsubscribeScope } from "./notifications.presenter.ts";

const hide = { schema: { hide: true } };

// Written out, key by key, so the catalogue check sees every key in use.
const SCOPE_KEYS: Record<UnsubscribeScope, string> = {
  replies: "emailTypes.nameReplies",
  mentions: "emailTypes.nameMentions",
  follows: "emailTypes.nameFollows",
  followers: "emailTypes.nameFollowers",
  reactions: "emailTypes.nameReactions",
  polls: "emailTypes.namePolls",
  welcomes: "emailTypes.nameWelcomes",
  events: "emailTypes.nameEvents",
  questions: "emailTypes.nameQuestions",
  daily: "unsubscribe.daily",
  weekly: "unsubscribe.weekly",
};

export function UnsubscribePage({ ctx, token, scope, done }: { ctx: PageContext; token: string; scope: UnsubscribeScope; done: boolean }) {
  const { t } = ctx;
  const what = t.text(SCOPE_KEYS[scope]);
  return (
    <Layout ctx={ctx} title={t.text("unsubscribe.title")}>
      <h1>{t.text("unsubscribe.title")}</h1>
      {done ? (
        <Notice>{t.text("unsubscribe.done", { what })}</Notice>
      ) : (
        <>
          <p class="lead">{t.text("unsubscribe.lead", { what })}</p>
          <form method="post" action={`${UNSUBSCRIBE_PATH}/${encodeURIComponent(token)}`}>
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <button type="submit">{t.text("unsubscribe.button")}</button>
          </form>
        </>
      )}
      <p>{t.text("unsubscribe.settingsHint")}</p>
      <p>
        <a href={NOTIFICATION_SETTINGS_PATH}>{t.text("emailSettings.title")}</a>
      </p>
    </Layout>
  );
}

export async function unsubscribePages(app: FastifyInstance, { services }: RouteContext) {
  app.get<{ Params: { token: string } }>(`${UNSUBSCRIBE_PATH}/:token`, hide, async (request, reply) => {
    const read = await services.notificationEmail.readUnsubscribeToken(request.params.token);
    if (!read) throw notFound(msg("error.notFound.unsubscribe"));
    return sendPage(reply, <UnsubscribePage ctx={await pageContext(request, services)} token={request.params.token} scope={read.scope} done={false} />);
  });

  // Whatever the body says (RFC 8058 sends List-Unsubscribe=One-Click): the token decides.
  app.post<{ Params: { token: string } }>(`${UNSUBSCRIBE_PATH}/:token`, hide, async (request, reply) => {
    const { scope } = await services.notificationEmail.unsubscribe(request.params.token);
    return sendPage(reply, <UnsubscribePage ctx={await pageContext(request, services)} token={request.params.token} scope={scope} done />);
  });
}
