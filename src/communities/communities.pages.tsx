/** Pages for communities: the home list. */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, sendPage } from "../web/page-context.ts";
import type { CommunityView } from "./communities.presenter.ts";

function HomePage({ ctx, communities }: { ctx: PageContext; communities: CommunityView[] }) {
  return (
    <Layout ctx={ctx} title="Communities" description="Small online communities for people living with a condition, the people who look after them, and clinicians.">
      <h1>Communities</h1>
      <p class="lead">Small communities for people living with a condition, the people who look after them, and clinicians who want to meet them.</p>
      {communities.length === 0 ? (
        <p>There are no communities here yet.</p>
      ) : (
        <ul class="card-list">
          {communities.map((c) => (
            <li class="card">
              <h2>
                <a href={`/c/${c.slug}`}>{c.name}</a>
              </h2>
              <p>{c.purpose}</p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export async function communitiesPages(app: FastifyInstance, { services }: RouteContext) {
  app.get("/", { schema: { hide: true } }, async (request, reply) => {
    const page = await services.communities.list(request.viewer);
    return sendPage(reply, <HomePage ctx={await pageContext(request, services)} communities={page.items} />);
  });
}
