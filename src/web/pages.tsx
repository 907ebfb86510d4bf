/** Registers every server-rendered page and the error page. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { GUEST } from "../shared/viewer.ts";
import { assetRoutes } from "./assets.ts";
import { ErrorPage } from "./error.page.tsx";
import { renderDocument } from "./render.ts";
import { communitiesPages } from "../communities/communities.pages.tsx";

export async function registerPages(app: FastifyInstance, context: RouteContext) {
  await app.register(assetRoutes);
  await app.register(communitiesPages, context);
}

export function renderErrorPage(request: FastifyRequest, status: number, error: { message: string; code: string }) {
  const ctx = { viewer: request.viewer ?? GUEST, csrfToken: request.csrfToken ?? "", showingDemo: false, path: request.url };
  return renderDocument(<ErrorPage ctx={ctx} status={status} message={error.message} />);
}
