/**
 * The hand-over from a password (or a provider) to the two-step code: a short-lived
 * cookie holding the pending sign-in, and the redirect to the code page. Web plumbing
 * shared by the sign-in pages of accounts, security and external identity.
 */
import type { FastifyReply } from "fastify";
import { redirectAfterPost } from "./page-context.ts";

export const PENDING_SIGN_IN_COOKIE = "hearth_signin";
export const CODE_PATH = "/signin/code";

export const nextQuery = (next: string) => (next && next !== "/" ? `?next=${encodeURIComponent(next)}` : "");

/** Called by a sign-in page when the password was right and a code is still needed. */
export function askForSecondFactor(reply: FastifyReply, pendingSignIn: string, next: string, publicUrl: string) {
  reply.setCookie(PENDING_SIGN_IN_COOKIE, pendingSignIn, {
    path: "/signin",
    httpOnly: true,
    sameSite: "lax",
    secure: publicUrl.startsWith("https:"),
    maxAge: 10 * 60,
  });
  return redirectAfterPost(reply, `${CODE_PATH}${nextQuery(next)}`);
}

