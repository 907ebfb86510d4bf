/** Where joining lands (from the community page, or signing up and joining in one step): what happens next. */
import { Layout, type PageContext } from "../web/layout.tsx";
import type { CommunityView } from "./communities.presenter.ts";

export function WelcomePage({ ctx, community }: { ctx: PageContext; community: CommunityView }) {
  const base = `/c/${encodeURIComponent(community.slug)}`;
  const pending = community.myMembership?.status === "pending";
  const first = community.spaces?.[0];
  const title = pending ? `Your request to join ${community.name} is on its way` : `Welcome to ${community.name}`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {pending ? (
        <>
          <p class="lead">{community.name} approves each new member, so an owner or moderator will look at your request.</p>
          <h2>What happens next</h2>
          <ul>
            <li>When they say yes, you can read and write in the members' spaces. You will see it here and on the community's page.</li>
            <li>If they turn the request down, you will not become a member. You can ask again later.</li>
            <li>Until then you can read what is open to everyone, and the community's charter.</li>
          </ul>
        </>
      ) : (
        <>
          <p class="lead">You are a member now. You can read and write in its members' spaces.</p>
          <h2>Where to start</h2>
          <ul>
            {first ? (
              <li>
                Say hello, or just read for a while, in <a href={`${base}/s/${encodeURIComponent(first.slug)}`}>{first.name}</a>.
              </li>
            ) : null}
            <li>
              Others see you by the name you chose, never your username. You can change it, or add a professional persona, on{" "}
              <a href="/settings/personas">How you appear</a>.
            </li>
            <li>Read the community's rules on its page before you write.</li>
          </ul>
        </>
      )}
      <p>
        <a href={base}>Go to {community.name}</a>
      </p>
    </Layout>
  );
}
