/** The frame of every page: skip link, header with navigation, main, footer, demo notice. */
import type { ComponentChildren } from "preact";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { stylesheet } from "./assets.ts";
import { CsrfField } from "./components.tsx";

export type PageContext = {
  viewer: Viewer;
  csrfToken: string;
  /** This server holds the demo community: every page says so. */
  showingDemo: boolean;
  /** The current path, to come back to after signing in. */
  path: string;
  /** How many notifications the signed-in viewer has not read (counted up to 100); left out for guests. */
  unreadNotifications?: number;
};

/** "Notifications", or "Notifications (2)" when some are unread. */
function notificationsLabel(unread = 0): string {
  if (unread <= 0) return "Notifications";
  return `Notifications (${unread > 99 ? "99+" : unread})`;
}

export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren; description?: string }) {
  const { ctx } = props;
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${props.title} · Hearth`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <link rel="stylesheet" href={stylesheet.url} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          {ctx.showingDemo ? (
            <p class="demo-notice" role="note">
              <strong>Demo.</strong> This server shows a made-up demo community. Nothing here is real or medical advice.
            </p>
          ) : null}
          <div class="header-bar">
            {/* The brand is the way home, to the list of communities: one item fewer in the line below. */}
            <a class="brand" href="/">
              Hearth <span class="brand-sub">communities</span>
            </a>
            {isSignedIn(ctx.viewer) ? (
              <div class="who-bar">
                <span class="who">Signed in as {ctx.viewer.username}</span>
                <form method="post" action="/signout" class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    Sign out
                  </button>
                </form>
              </div>
            ) : null}
          </div>
          {/* One line at 375 px: a few short items (with room for one more); the rest sit in the bar above or below. */}
          <nav aria-label="Main" class="main-nav">
            <ul>
              <li>
                <a href="/search">Search</a>
              </li>
              {isSignedIn(ctx.viewer) ? (
                <>
                  <li>
                    <a href="/notifications">{notificationsLabel(ctx.unreadNotifications)}</a>
                  </li>
                  <li>
                    <a href="/account">Account</a>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <a href={`/signin?next=${encodeURIComponent(ctx.path)}`}>Sign in</a>
                  </li>
                  <li>
                    <a href="/signup">Join Hearth</a>
                  </li>
                </>
              )}
            </ul>
          </nav>
          {isSignedIn(ctx.viewer) && (ctx.viewer.isAdmin || ctx.viewer.isVerifier) ? (
            <nav aria-label="Administration" class="admin-nav">
              <ul>
                <li>
                  <a href="/admin/verifications">Clinician applications</a>
                </li>
                {ctx.viewer.isAdmin ? (
                  <li>
                    <a href="/admin/break-glass">Break-glass</a>
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
          <p>Hearth carries no adverts and no trackers, and never sells anyone's data.</p>
        </footer>
      </body>
    </html>
  );
}
