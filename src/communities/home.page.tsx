/** The home page: the communities the viewer may see. */
import { Layout, type PageContext } from "../web/layout.tsx";
import type { CommunityView } from "./communities.presenter.ts";

const SEEN_BY: Record<CommunityView["visibility"], string> = {
  public: "home.openToRead",
  members: "home.membersOnly",
  hidden: "home.hidden",
};

export function HomePage({ ctx, communities, mayStart, more }: { ctx: PageContext; communities: CommunityView[]; mayStart: boolean; more: string | null }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t.text("home.title")} description={t.text("home.description")}>
      <h1>{t.text("home.title")}</h1>
      <p class="lead">{t.text("home.lead")}</p>
      {mayStart ? (
        <p>
          <a class="button secondary" href="/communities/new">
            {t.text("home.start")}
          </a>
        </p>
      ) : null}
      {communities.length === 0 ? (
        <p>{t.text("home.none")}</p>
      ) : (
        <ul class="card-list">
          {communities.map((c) => (
            <li class="card">
              <h2 dir="auto">
                <a href={`/c/${c.slug}`}>{c.name}</a>
              </h2>
              <p class="tags">
                {c.isDemo ? <strong class="tag">{t.text("home.demoTag")}</strong> : null} <span class="tag tag-quiet">{t.text(SEEN_BY[c.visibility])}</span>
                {c.memberCount !== undefined ? <span class="member-count"> {t.text("home.memberCount", { count: c.memberCount })}</span> : null}
              </p>
              <p dir="auto">{c.purpose}</p>
            </li>
          ))}
        </ul>
      )}
      {more ? (
        <p class="pagination">
          <a href={`/?cursor=${encodeURIComponent(more)}`}>{t.text("home.more")}</a>
        </p>
      ) : null}
    </Layout>
  );
}
