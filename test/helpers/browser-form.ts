/**
 * A pretend browser for page tests: keeps cookies across requests and posts forms
 * urlencoded with the CSRF field a real page would carry. It follows no redirects;
 * call `get(response.headers.location)` to go where a 303 points.
 *
 *   const browser = await newBrowser(t);          // a guest
 *   const signedIn = await newBrowser(t, member); // signed in as a factory member
 *   await browser.get("/signup");
 *   const response = await browser.post("/signup", { username: "ann", password: "..." });
 */
import type { LightMyRequestResponse } from "fastify";
import type { TestApp } from "./test-app.ts";

export type FormFields = Record<string, string | string[] | undefined>;

export type Browser = {
  /** Cookies the server has set (and not cleared), by name. */
  cookies: Map<string, string>;
  get: (url: string) => Promise<LightMyRequestResponse>;
  /**
   * Posts `fields` as a form. The `_csrf` field is added from the CSRF cookie unless
   * `csrf: false` (or the fields carry their own `_csrf`); without a prior GET there is no
   * cookie, so the post goes without one, as a forged form would.
   */
  post: (url: string, fields?: FormFields, options?: { csrf?: boolean }) => Promise<LightMyRequestResponse>;
};

export async function newBrowser(t: TestApp, signedInAs?: { token: string }): Promise<Browser> {
  const cookies = new Map<string, string>();
  if (signedInAs) cookies.set("hearth_session", signedInAs.token);

  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");

  const remember = (response: LightMyRequestResponse) => {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = cookie.value === "" || cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
      if (cleared) cookies.delete(cookie.name);
      else cookies.set(cookie.name, cookie.value);
    }
    return response;
  };

  return {
    cookies,
    get: async (url) => remember(await t.app.inject({ method: "GET", url, headers: cookies.size ? { cookie: cookieHeader() } : {} })),
    post: async (url, fields = {}, options = {}) => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
      }
      const csrf = cookies.get("hearth_csrf");
      if (options.csrf !== false && csrf && !("_csrf" in fields)) body.append("_csrf", csrf);
      return remember(
        await t.app.inject({
          method: "POST",
          url,
          headers: { "content-type": "application/x-www-form-urlencoded", ...(cookies.size ? { cookie: cookieHeader() } : {}) },
          payload: body.toString(),
        }),
      );
    },
  };
}
