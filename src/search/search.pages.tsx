/** The search page. */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";

export async function searchPages(_app: FastifyInstance, _context: RouteContext) {}
