/** The home page: the communities the viewer may see. */
import { Layout, type PageContext } from "../web/layout.tsx";
import type { CommunityView } from "./communities.presenter.ts";

const SEEN_BY: Record<CommunityView["visibility"], string> = {
  public: "Open to read",
  members: "Members only",
  hidden: "Hidden",
};

export function HomePage({ ctx, communities, mayStart, more }: { ctx: PageContext; communities: CommunityView[]; mayStart: boolean; more: string | null }) {
  return (
    <Layout ctx={ctx} title="Communities" description="Small online communities for people living with a condition, the people who look after them, and clinicians.">
      <h1>Communities</h1>
      <p class="lead">Small communities for people living with a condition, the people who look after them, and clinicians who want to meet them.</p>
      {mayStart ? (
        <p>
          <a class="button secondary" href="/communities/new">
            Start a community
          </a>
        </p>
      ) : null}
      {communities.length === 0 ? (
        <p>There are no communities here yet.</p>
      ) : (
        <ul class="card-list">
          {communities.map((c) => (
            <li class="card">
              <h2>
                <a href={`/c/${c.slug}`}>{c.name}</a>
              </h2>
              <p class="tags">
                {c.isDemo ? <strong class="tag">Demo</strong> : null} <span class="tag tag-quiet">{SEEN_BY[c.visibility]}</span>
                {c.memberCount !== undefined ? <span class="member-count"> {c.memberCount === 1 ? "1 member" : `${c.memberCount} members`}</span> : null}
              </p>
              <p>{c.purpose}</p>
            </li>
          ))}
        </ul>
      )}
      {more ? (
        <p class="pagination">
          <a href={`/?cursor=${encodeURIComponent(more)}`}>More communities</a>
        </p>
      ) : null}
    </Layout>
  );
}
