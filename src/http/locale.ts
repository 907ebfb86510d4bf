/**
 * The reader's language, on every request as `request.i18n`: the account's choice, else the
 * language cookie the footer's switcher sets (for guests, and for a browser before sign-in),
 * else the browser's Accept-Language, else the server's HEARTH_LOCALE. The choice never
 * changes a URL, so every answer says which language it is in and what it varied on.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isLocale, negotiate, type Locale } from "../shared/i18n/locales.ts";
import { translatorFor, type Translator } from "../shared/i18n/translator.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { cookieName } from "./session.ts";

declare module "fastify" {
  interface FastifyRequest {
    i18n: Translator;
  }
}

const LOCALE_COOKIE = "hearth_locale";
const ONE_YEAR = 365 * 24 * 60 * 60;

function chooseLocale(request: FastifyRequest, serverLocale: Locale, publicUrl: string): Locale {
  const viewer = request.viewer;
  if (isSignedIn(viewer) && isLocale(viewer.locale)) return viewer.locale;
  const cookie = request.cookies[cookieName(LOCALE_COOKIE, publicUrl)];
  if (isLocale(cookie)) return cookie;
  return negotiate(request.headers["accept-language"]) ?? serverLocale;
}

/** Installs `request.i18n`; after the session hook, which decides whose preference counts. */
export function installLocale(app: FastifyInstance, serverLocale: Locale, publicUrl: string) {
  app.decorateRequest("i18n", null as never);
  app.addHook("onRequest", async (request, reply) => {
    // Stylesheets and scripts read no words: they are the same for everyone.
    if (request.url.startsWith("/assets/")) {
      request.i18n = translatorFor(serverLocale);
      return;
    }
    request.i18n = translatorFor(chooseLocale(request, serverLocale, publicUrl));
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
