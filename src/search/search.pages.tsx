/** The search page: a GET form, so a search can be bookmarked, shared or reloaded. */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { AppError } from "../shared/errors.ts";
import { sentence } from "../web/form-body.ts";
import { pageContext, sendPage } from "../web/page-context.ts";
import { SearchPage, type SearchInput, type SearchProblem } from "./search.page.tsx";

/** One text value from the query string; repeated or missing parameters never become a 500. */
function queryText(query: unknown, name: string): string {
  if (!query || typeof query !== "object") return "";
  const value = (query as Record<string, unknown>)[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === "string" ? one : "";
}

export async function searchPages(app: FastifyInstance, { services }: RouteContext) {
  app.get("/search", { schema: { hide: true } }, async (request, reply) => {
    const input: SearchInput = { q: queryText(request.query, "q"), community: queryText(request.query, "community"), cursor: queryText(request.query, "cursor") };
    const ctx = await pageContext(request, services);
    // An empty search is someone arriving at the page: show the form, not an error.
    if (!input.q.trim()) return sendPage(reply, <SearchPage ctx={ctx} input={input} />);
    try {
      const results = await services.search.search(request.viewer, {
        q: input.q,
        ...(input.community ? { community: input.community } : {}),
        ...(input.cursor ? { cursor: input.cursor } : {}),
      });
      return sendPage(reply, <SearchPage ctx={ctx} input={input} results={results} />);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404 || error.status >= 500) throw error;
      const q = error.fieldsIn(ctx.t)?.q;
      const problem: SearchProblem = q
        ? { status: error.status, message: ctx.t.text("search.didNotRun"), fields: { q: sentence(q) } }
        : error.fields?.cursor
          ? { status: error.status, message: ctx.t.text("search.staleCursor") }
          : { status: error.status, message: error.in(ctx.t) };
      return sendPage(reply, <SearchPage ctx={ctx} input={{ ...input, cursor: "" }} problem={problem} />, problem.status);
    }
  });
}
