/**
 * The reader's language, on every request as `request.i18n`: the account's choice, else the
 * language cookie the footer's switcher sets (for guests, and for a browser before sign-in),
 * else the browser's Accept-Language, else (on a community's pages) the community's default
 * language from its charter, else the server's HEARTH_LOCALE. The choice never
 * changes a URL, so every answer says which language it is in and what it varied on.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isLocale, negotiate, type Locale } from "../shared/i18n/locales.ts";
import { translatorFor, type Translator } from "../shared/i18n/translator.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { cookieName } from "./session.ts";

declare module "fastify" {
  interface FastifyRequest {
    i18n: Translator;
  }
}

const LOCALE_COOKIE = "hearth_locale";
const ONE_YEAR = 365 * 24 * 60 * 60;

/** The community's default language, when the viewer can see it (none otherwise). */
export type CommunityLanguage = (viewer: Viewer, slug: string) => Promise<Locale | undefined>;

/** The reader's own language: the account's, the footer's cookie, or the browser's; undefined when none is one we have. */
function readersOwnLocale(request: FastifyRequest, publicUrl: string): Locale | undefined {
  const viewer = request.viewer;
  if (isSignedIn(viewer) && isLocale(viewer.locale)) return viewer.locale;
  const cookie = request.cookies[cookieName(LOCALE_COOKIE, publicUrl)];
  if (isLocale(cookie)) return cookie;
  return negotiate(request.headers["accept-language"]);
}

// A community's pages and its API: /c/<slug>… and /api/v1/communities/<slug>….
const COMMUNITY_PATH = /^\/(?:c|api\/v1\/communities)\/([^/?#]+)/;

/** The slug a request's path names, or undefined (also for a percent-encoding that does not decode). */
function communitySlugOf(url: string): string | undefined {
  const encoded = COMMUNITY_PATH.exec(url)?.[1];
  if (!encoded) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/**
 * Installs `request.i18n`; after the session hook, which decides whose preference counts.
 * A reader with no language of their own that Hearth has gets the community's, on its pages,
 * then the server's: one more query, only for those readers, only on a community's paths.
 */
export function installLocale(app: FastifyInstance, serverLocale: Locale, publicUrl: string, communityLanguage?: CommunityLanguage) {
  app.decorateRequest("i18n", null as never);
  app.addHook("onRequest", async (request, reply) => {
    // Stylesheets and scripts read no words: they are the same for everyone.
    if (request.url.startsWith("/assets/")) {
      request.i18n = translatorFor(serverLocale);
      return;
    }
    let locale = readersOwnLocale(request, publicUrl);
    const slug = locale || !communityLanguage ? undefined : communitySlugOf(request.url);
    if (slug !== undefined) locale = await communityLanguage!(request.viewer, slug);
    request.i18n = translatorFor(locale ?? serverLocale);
    reply.header("content-language", request.i18n.locale);
    reply.header("vary", "Accept-Language, Cookie");
  });
}

/** Remembers a browser's choice of language for a year (HttpOnly: no script needs to read it). */
export function setLocaleCookie(reply: FastifyReply, locale: Locale, publicUrl: string) {
  reply.setCookie(cookieName(LOCALE_COOKIE, publicUrl), locale, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrl.startsWith("https:"),
    maxAge: ONE_YEAR,
  });
}
