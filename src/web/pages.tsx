/** Registers every server-rendered page and the error page. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { GUEST } from "../shared/viewer.ts";
import { assetRoutes } from "./assets.ts";
import { ErrorPage } from "./error.page.tsx";
import { renderDocument } from "./render.ts";
import { accountsPages } from "../accounts/accounts.pages.tsx";
import { communitiesPages } from "../communities/communities.pages.tsx";
import { discussionPages } from "../discussion/discussion.pages.tsx";
import { searchPages } from "../search/search.pages.tsx";

export async function registerPages(app: FastifyInstance, context: RouteContext) {
  await app.register(assetRoutes);
  await app.register(accountsPages, context);
  await app.register(communitiesPages, context);
  await app.register(discussionPages, context);
  await app.register(searchPages, context);
}

export function renderErrorPage(request: FastifyRequest, status: number, error: { message: string; code: string }) {
  const ctx = { viewer: request.viewer ?? GUEST, csrfToken: request.csrfToken ?? "", showingDemo: false, path: request.url };
  return renderDocument(<ErrorPage ctx={ctx} status={status} message={error.message} />);
}
