/**
 * Where a page may send the browser next (ADR 19). A target a request names (`next`
 * after signing in, `back` after a moderation or a reaction) is read here, once, before
 * any work is done: a bad one is a 400 and nothing happens; an empty one is the page's
 * default. `seeOther` is the only way pages redirect, and it checks again that the place
 * is a path of this site, so Fastify's `reply.redirect` never sees an unchecked value.
 */
import type { FastifyReply } from "fastify";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";

/** Longest target accepted, in characters (the forms' hidden fields hold far less). */
const MAX_TARGET = 2000;

// Browsers drop tabs and newlines from URLs ("/\t/evil.example" becomes "//evil.example")
// and a newline in a header is a 500: any C0 control or DEL refuses the target outright.
const CONTROL = /[\u0000-\u001f\u007f]/;

const LOCAL_BASE = "http://hearth.invalid";

/**
 * A path of this site as a redirect may carry it (starts with one "/", names no other
 * host), percent-encoded as a Location header needs; null when it is not one.
 */
function localPath(path: string): string | null {
  if (CONTROL.test(path) || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return null;
  try {
    const url = new URL(path, LOCAL_BASE);
    const encoded = `${url.pathname}${url.search}${url.hash}`;
    return url.origin === LOCAL_BASE && !encoded.startsWith("//") ? encoded : null;
  } catch {
    return null;
  }
}

/**
 * The local path a request's target stands for, or null when it may not be followed:
 * parsed with `new URL(value, publicUrl)`, it must have the public URL's protocol, host
 * and port, and hold no control character. Returned as path, query and fragment, encoded.
 */
export function localTarget(value: string, publicUrl: string): string | null {
  if (value.length > MAX_TARGET || CONTROL.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, publicUrl);
  } catch {
    return null;
  }
  if (url.origin !== new URL(publicUrl).origin) return null;
  return localPath(`${url.pathname}${url.search}${url.hash}`);
}

/**
 * Reads the target field `field` of a request (a query or form value, as it came):
 * missing or empty is `fallback`; anything else must pass `localTarget` or this throws
 * a 400 `bad_redirect` before the caller has done anything.
 */
export function redirectTarget(value: unknown, options: { publicUrl: string; field: string; fallback: string }): string {
  if (value === undefined || value === null || value === "") return options.fallback;
  const target = typeof value === "string" ? localTarget(value, options.publicUrl) : null;
  if (target === null) {
    throw new AppError(
      "bad_redirect",
      400,
      msg("error.badRedirect"),
      { [options.field]: msg("problem.redirect.notOwnPage") },
    );
  }
  return target;
}

/** One field of a parsed query or form body, as it came (a string, an array when repeated, or undefined). */
export function formField(source: unknown, name: string): unknown {
  return source && typeof source === "object" && Object.hasOwn(source, name) ? (source as Record<string, unknown>)[name] : undefined;
}

const SIGN_IN_PAGES = /^\/(signin|signup|signout)(?=$|[?#/])/;

/** Where to go after signing in or up: a checked target, but never the sign-in pages themselves. */
export function afterSignIn(value: unknown, publicUrl: string): string {
  const next = redirectTarget(value, { publicUrl, field: "next", fallback: "/" });
  return SIGN_IN_PAGES.test(next) ? "/" : next;
}

/** 303 See Other to a path of this site; a location that is not one is our own bug, so a 500. */
export function seeOther(reply: FastifyReply, location: string) {
  const path = localPath(location);
  if (path === null) throw new Error(`Refusing to redirect to ${JSON.stringify(location.slice(0, 100))}: not a path of this site.`);
  return reply.redirect(path, 303);
}

/** The sign-in page, coming back to `next` (a path of this site) once the visitor is in. */
export const signInPath = (next: string) => `/signin?next=${encodeURIComponent(next)}`;

/** 303 to the sign-in page, coming back to `next` afterwards. */
export function sendToSignIn(reply: FastifyReply, next: string) {
  return seeOther(reply, signInPath(next));
}

/**
 * For pages only members see: true (and the browser is sent to sign in, coming back to
 * `next`, by default this page without its query) when the visitor is not signed in.
 */
export function sentToSignIn(request: { viewer: Viewer; url: string }, reply: FastifyReply, next = request.url.split("?")[0]!): boolean {
  if (isSignedIn(request.viewer)) return false;
  sendToSignIn(reply, next);
  return true;
}
