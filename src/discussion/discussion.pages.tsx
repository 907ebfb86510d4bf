/** Pages for spaces, threads and posts. */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";

export async function discussionPages(_app: FastifyInstance, _context: RouteContext) {}
