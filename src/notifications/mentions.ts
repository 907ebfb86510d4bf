/**
 * Mentions. A post mentions a persona by linking to its page, "[@Name](/personas/<id>)",
 * which is what a composer produces when someone picks a persona to mention. Display
 * names are not unique ("@Sam" could be anyone), so the id in the link is what counts;
 * the name in the brackets is only the words the link shows.
 */
import { linkTargets } from "../shared/markdown.ts";

/** A post tells at most this many personas; more would be a way to spam people. */
export const MAX_MENTIONS = 20;

const PERSONA_PATH = /^\/personas\/([A-Za-z0-9_-]{16})\/?$/;

/**
 * The persona ids a post's words mention, in order, each once. A link counts when it
 * points to "/personas/<id>" on this site, written as a path or as a full address
 * starting with the server's public URL.
 */
export function mentionedPersonaIds(body: string, publicUrl: string): string[] {
  const origin = publicUrl.replace(/\/+$/, "");
  const ids: string[] = [];
  for (const target of linkTargets(body)) {
    const path = target.startsWith(`${origin}/`) ? target.slice(origin.length) : target;
    const id = PERSONA_PATH.exec(path.split(/[?#]/)[0]!)?.[1];
    if (id && !ids.includes(id)) ids.push(id);
    if (ids.length === MAX_MENTIONS) break;
  }
  return ids;
}
