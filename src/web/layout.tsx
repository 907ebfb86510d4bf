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
          <a class="brand" href="/">
            Hearth
          </a>
          <nav aria-label="Main">
            <ul>
              <li>
                <a href="/">Communities</a>
              </li>
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
          {isSignedIn(ctx.viewer) ? (
            // Under the navigation, so that it stays one line on a phone; personas and the rest of the account are on /account.
            <ul class="account-bar" aria-label="Signed in">
              <li>
                <span class="who">Signed in as {ctx.viewer.username}</span>
              </li>
              {ctx.viewer.isAdmin || ctx.viewer.isVerifier ? (
                <li>
                  <a href="/admin/verifications">Clinician applications</a>
                </li>
              ) : null}
              {ctx.viewer.isAdmin ? (
                <li>
                  <a href="/admin/break-glass">Break-glass</a>
                </li>
              ) : null}
              <li>
                <form method="post" action="/signout" class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    Sign out
                  </button>
                </form>
              </li>
            </ul>
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
