/**
 * A pretend browser for page tests: keeps cookies across requests and posts forms
 * urlencoded with the CSRF field a real page would carry (the `_csrf` of the last page
 * it loaded, as a person submits a form of the page they see) and the headers a current
 * browser sends with a same-origin form (`Origin`, `Sec-Fetch-Site: same-origin`). It follows no redirects;
 * call `get(response.headers.location)` to go where a 303 points.
 *
 *   const browser = await newBrowser(t);          // a guest
 *   const signedIn = await newBrowser(t, member); // signed in as a factory member
 *   await browser.get("/signup");
 *   const response = await browser.post("/signup", { username: "ann", password: "..." });
 */
import type { LightMyRequestResponse } from "fastify";
import type { TestApp } from "./test-app.ts";
import { cookieName, SESSION_COOKIE } from "../../src/http/session.ts";

export type FormFields = Record<string, string | string[] | undefined>;

export type Browser = {
  /** Cookies the server has set (and not cleared), by name. */
  cookies: Map<string, string>;
  get: (url: string) => Promise<LightMyRequestResponse>;
  /** The `_csrf` token of the last page loaded (undefined before any page with a form). */
  csrfToken: () => string | undefined;
  /**
   * Posts `fields` as a form. The `_csrf` field is added from the last page loaded (or,
   * when that page had no form or the session changed since, from a page loaded now)
   * unless `csrf: false` (or the fields carry their own `_csrf`); without any prior GET
   * there is no token, so the post goes without one, as a forged form would. `headers` replace the
   * same-origin ones (to play another site's page).
   */
  post: (url: string, fields?: FormFields, options?: { csrf?: boolean; headers?: Record<string, string> }) => Promise<LightMyRequestResponse>;
};

export async function newBrowser(t: TestApp, signedInAs?: { token: string }): Promise<Browser> {
  const cookies = new Map<string, string>();
  if (signedInAs) cookies.set(cookieName(SESSION_COOKIE, t.config.publicUrl), signedInAs.token);

  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");

  let csrfToken: string | undefined;
  let visited = false;
  const sessionCookie = cookieName(SESSION_COOKIE, t.config.publicUrl);
  const sameOrigin = { origin: new URL(t.config.publicUrl).origin, "sec-fetch-site": "same-origin" };

  const remember = (response: LightMyRequestResponse) => {
    const token = /name="_csrf" value="([^"]*)"/.exec(response.body)?.[1];
    if (token) csrfToken = token;
    // A new session (or none) makes the token of the pages seen so far stale, as in a browser.
    if (response.cookies.some((c) => c.name === sessionCookie)) csrfToken = undefined;
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = cookie.value === "" || cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
      if (cleared) cookies.delete(cookie.name);
      else cookies.set(cookie.name, cookie.value);
    }
    return response;
  };

  const get = async (url: string) => {
    visited = true;
    return remember(await t.app.inject({ method: "GET", url, headers: cookies.size ? { cookie: cookieHeader() } : {} }));
  };

  /** The token a page of this browser would carry now: a guest's sign-in form, or any page once signed in. */
  const currentToken = async () => {
    if (csrfToken === undefined && visited) {
      await get("/signin");
      if (csrfToken === undefined) await get("/");
    }
    return csrfToken;
  };

  return {
    cookies,
    csrfToken: () => csrfToken,
    get,
    post: async (url, fields = {}, options = {}) => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
      }
      if (options.csrf !== false && !("_csrf" in fields)) {
        const token = await currentToken();
        if (token) body.append("_csrf", token);
      }
      return remember(
        await t.app.inject({
          method: "POST",
          url,
          headers: { "content-type": "application/x-www-form-urlencoded", ...(options.headers ?? sameOrigin), ...(cookies.size ? { cookie: cookieHeader() } : {}) },
          payload: body.toString(),
        }),
      );
    },
  };
}
