/** Registers the community health page (metrics.page.tsx, ADR 51): a GET anyone who may see the community may open. */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { pageContext, sendPage } from "../web/page-context.ts";
import { CommunityHealthPage } from "./metrics.page.tsx";

export async function questionMetricsPages(app: FastifyInstance, { services }: RouteContext) {
  app.get<{ Params: { slug: string } }>("/c/:slug/health", { schema: { hide: true } }, async (request, reply) => {
    const data = await services.questionMetrics.metrics(request.viewer, request.params.slug);
    return sendPage(reply, <CommunityHealthPage ctx={await pageContext(request, services)} data={data} />);
  });
}
