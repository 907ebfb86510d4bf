/** The frame of every page: skip link, header with navigation, main, footer, demo notice. */
import type { ComponentChildren } from "preact";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { liveCountScript, stylesheet } from "./assets.ts";
import { CsrfField } from "./components.tsx";
import { OFFERED_LOCALES } from "../shared/i18n/locales.ts";
import type { Translator } from "../shared/i18n/translator.ts";

export type PageContext = {
  viewer: Viewer;
  csrfToken: string;
  /** This server holds the demo community: every page says so. */
  showingDemo: boolean;
  /** The current path, to come back to after signing in. */
  path: string;
  /** How many notifications the signed-in viewer has not read (counted up to 100); left out for guests. */
  unreadNotifications?: number;
  /** The reader's language (src/http/locale.ts). */
  t: Translator;
};

/** "Notifications", or "Notifications (2)" when some are unread. */
function notificationsLabel(t: Translator, unread = 0): string {
  if (unread <= 0) return t.text("layout.navNotifications");
  return unread > 99 ? t.text("layout.navNotificationsMany") : t.text("layout.navNotificationsUnread", { count: t.number(unread) });
}

/** The footer's language choice: a plain form, so it works without JavaScript. */
function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <form method="post" action="/language" class="language-switcher">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="next" value={ctx.path} />
      <label for="language-choice">{t.text("language.label")}</label>{" "}
      <select id="language-choice" name="locale">
        {OFFERED_LOCALES.map(({ locale, name }) => (
          <option value={locale} lang={locale} selected={locale === t.locale}>
            {name}
          </option>
        ))}
      </select>{" "}
      <button type="submit" class="secondary">
        {t.text("language.submit")}
      </button>
    </form>
  );
}

export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren; description?: string; community?: { slug: string; name: string } }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <html lang={t.locale} dir={t.dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{t.text("layout.titleSuffix", { title: props.title })}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <link rel="stylesheet" href={stylesheet.url} />
        {isSignedIn(ctx.viewer) ? <script src={liveCountScript.url} defer /> : null}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.text("layout.skipLink")}
        </a>
        <header class="site-header">
          {ctx.showingDemo ? (
            <p class="demo-notice" role="note">
              <strong>{t.text("layout.demoLead")}</strong> {t.text("layout.demoNotice")}
            </p>
          ) : null}
          <div class="header-bar">
            {/* The brand is the way home, to the list of communities: one item fewer in the line below. */}
            <a class="brand" href="/">
              {t.text("layout.siteName")} <span class="brand-sub">{t.text("layout.brandSub")}</span>
            </a>
            {isSignedIn(ctx.viewer) ? (
              <div class="who-bar">
                <span class="who">{t.text("layout.signedInAs", { username: ctx.viewer.username })}</span>
                <form method="post" action="/signout" class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    {t.text("layout.signOut")}
                  </button>
                </form>
              </div>
            ) : null}
          </div>
          {/* One line at 375 px: a few short items (with room for one more); the rest sit in the bar above or below. */}
          <nav aria-label={t.text("layout.navMain")} class="main-nav">
            <ul>
              <li>
                <a href="/search">{t.text("layout.navSearch")}</a>
              </li>
              {isSignedIn(ctx.viewer) ? (
                <>
                  <li>
                    <a
                      href="/notifications"
                      data-live-count="/api/v1/notifications/stream"
                      data-label-none={t.text("layout.navNotifications")}
                      data-label-some={t.text("layout.navNotificationsUnread", { count: "__COUNT__" })}
                      data-label-many={t.text("layout.navNotificationsMany")}
                    >
                      {notificationsLabel(t, ctx.unreadNotifications)}
                    </a>
                  </li>
                  <li>
                    <a href="/account">{t.text("layout.navAccount")}</a>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <a href={`/signin?next=${encodeURIComponent(ctx.path)}`}>{t.text("layout.navSignIn")}</a>
                  </li>
                  <li>
                    <a href="/signup">{t.text("layout.navJoin")}</a>
                  </li>
                </>
              )}
            </ul>
          </nav>
          {isSignedIn(ctx.viewer) && (ctx.viewer.isAdmin || ctx.viewer.isVerifier) ? (
            <nav aria-label={t.text("layout.navAdministration")} class="admin-nav">
              <ul>
                <li>
                  <a href="/admin/verifications">{t.text("layout.navVerifications")}</a>
                </li>
                {ctx.viewer.isAdmin ? (
                  <li>
                    <a href="/admin/break-glass">{t.text("layout.navBreakGlass")}</a>
                  </li>
                ) : null}
                {ctx.viewer.isAdmin ? (
                  <li>
                    <a href="/admin/import">{t.text("layout.navImport")}</a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </header>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          {props.community ? (
            // Every page of a community points to its crisis resources (ADR 39).
            <p class="footer-help">
              <a href={`/c/${encodeURIComponent(props.community.slug)}/help`}>{t.text("help.footerLink", { community: props.community.name })}</a>
            </p>
          ) : null}
          <p>{t.text("layout.footerPromise")}</p>
          <LanguageSwitcher ctx={ctx} />
        </footer>
      </body>
    </html>
  );
}
