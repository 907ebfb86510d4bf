/** GET /healthz: honest about the database — 200 only when a query goes through. */
import type { FastifyInstance } from "fastify";

export async function healthRoutes(app: FastifyInstance, { check }: { check: () => Promise<boolean> }) {
  app.get("/healthz", { schema: { hide: true } }, async (_request, reply) => {
    const ok = await check().catch(() => false);
    return reply.status(ok ? 200 : 503).send(ok ? { status: "ok" } : { status: "unavailable" });
  });
}
