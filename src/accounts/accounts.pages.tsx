/** Pages for signing up, in and out. */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";

export async function accountsPages(_app: FastifyInstance, _context: RouteContext) {}
