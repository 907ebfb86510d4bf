/**
 * /settings/calendar (ADR 47): the member's personal calendar address, to copy into a calendar
 * app, and a form to make or reset it. Works without JavaScript; the address is shown to its
 * owner alone (pages are never cached).
 */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { CsrfField, Notice } from "../web/components.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { sendToSignIn } from "../web/redirect-target.ts";
import { calendarFeedPath } from "./calendar.routes.ts";

export const CALENDAR_SETTINGS_PATH = "/settings/calendar";

const hide = { schema: { hide: true } };

export function CalendarSettingsPage({ ctx, url, saved }: { ctx: PageContext; url: string | null; saved: "made" | "reset" | null }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("calendarSettings.title")}>
      <h1>{t.text("calendarSettings.title")}</h1>
      {saved ? <Notice>{t.text(saved === "made" ? "calendarSettings.made" : "calendarSettings.wasReset")}</Notice> : null}
      <p class="lead">{t.text("calendarSettings.lead")}</p>
      {url ? (
        <div class="field">
          <label for="field-calendar-url">{t.text("calendarSettings.address")}</label>
          <input type="text" id="field-calendar-url" readonly value={url} spellcheck={false} autocomplete="off" />
        </div>
      ) : (
        <p>{t.text("calendarSettings.none")}</p>
      )}
      <form method="post" action={CALENDAR_SETTINGS_PATH}>
        <CsrfField token={ctx.csrfToken} />
        {url ? <p class="hint">{t.text("calendarSettings.resetHint")}</p> : null}
        <button type="submit" class={url ? "secondary" : undefined}>
          {t.text(url ? "calendarSettings.reset" : "calendarSettings.make")}
        </button>
      </form>
    </Layout>
  );
}

export async function calendarPages(app: FastifyInstance, { services, config }: RouteContext) {
  app.get<{ Querystring: { saved?: unknown } }>(CALENDAR_SETTINGS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, CALENDAR_SETTINGS_PATH);
    const token = await services.calendarFeeds.tokenOf(request.viewer);
    const saved = request.query.saved === "made" || request.query.saved === "reset" ? request.query.saved : null;
    return sendPage(reply, <CalendarSettingsPage ctx={await pageContext(request, services)} url={token ? `${config.publicUrl}${calendarFeedPath(token)}` : null} saved={saved} />);
  });

  // Makes the address, or resets it (the old one stops working at once).
  app.post(CALENDAR_SETTINGS_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, CALENDAR_SETTINGS_PATH);
    const had = (await services.calendarFeeds.tokenOf(request.viewer)) !== null;
    await services.calendarFeeds.reset(request.viewer);
    return redirectAfterPost(reply, `${CALENDAR_SETTINGS_PATH}?saved=${had ? "reset" : "made"}`);
  });
}
