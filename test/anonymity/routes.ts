/**
 * Every GET route the app registered, read from Fastify's own route tree, so a route
 * added later shows up here without anyone remembering to list it.
 */
import type { FastifyInstance } from "fastify";

/**
 * Parses `printRoutes({ commonPrefix: false, method: "GET" })`: one route per line, each
 * line indented four characters per level below its parent, holding the rest of the
 * path after the parent's ("│   ├── /revisions (GET)", or "└── .ics (GET)" under "/c/:slug/events").
 */
export function registeredGetRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false, method: "GET" });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^(.*?)(?:└── |├── )(.+?) \(([A-Z, ]+)\)\s*$/.exec(line);
    if (!match) continue;
    const depth = Math.floor(match[1]!.length / 4);
    const segment = match[2]!;
    stack.length = depth;
    const parent = depth > 0 ? stack[depth - 1]! : "";
    // A child that goes on within its parent's segment ("/c/:slug/events" then ".ics") joins it as it is.
    const full =
      depth === 0 ? segment : segment.startsWith(".") ? `${parent}${segment}` : `${parent.endsWith("/") ? parent.slice(0, -1) : parent}${segment.startsWith("/") ? "" : "/"}${segment}`;
    stack[depth] = full;
    if (match[3]!.split(",").map((m) => m.trim()).includes("GET")) routes.push(full);
  }
  return routes;
}
