/** Where joining lands (from the community page, or signing up and joining in one step): what happens next. */
import { Layout, type PageContext } from "../web/layout.tsx";
import type { CommunityView } from "./communities.presenter.ts";

export function WelcomePage({ ctx, community, welcomeThread }: { ctx: PageContext; community: CommunityView; welcomeThread?: { id: string; title: string } | null }) {
  const { t } = ctx;
  const base = `/c/${encodeURIComponent(community.slug)}`;
  const pending = community.myMembership?.status === "pending";
  const first = community.spaces?.[0];
  const named = { community: community.name };
  const title = t.text(pending ? "welcome.requestTitle" : "welcome.memberTitle", named);
  // Where to say hello: the community's welcome thread, else its first space.
  const sayHelloInThread = welcomeThread ? (
    <li>
      {t.text("welcome.sayHelloIn")} <a href={`/t/${welcomeThread.id}#reply`}>{welcomeThread.title}</a>
      {t.text("welcome.sayHelloInEnd")}
    </li>
  ) : null;
  const sayHelloInSpace = first ? (
    <li>
      {t.text("welcome.sayHello")} <a href={`${base}/s/${encodeURIComponent(first.slug)}`}>{first.name}</a>
      {t.text("welcome.sayHelloEnd")}
    </li>
  ) : null;
  const hello = sayHelloInThread ?? sayHelloInSpace;
  return (
    <Layout ctx={ctx} title={title} community={community}>
      <h1>{title}</h1>
      {pending ? (
        <>
          <p class="lead">{t.text("welcome.requestLead", named)}</p>
          <h2>{t.text("welcome.whatNext")}</h2>
          <ul>
            <li>{t.text("welcome.whenYes")}</li>
            <li>{t.text("welcome.whenNo")}</li>
            <li>{t.text("welcome.untilThen")}</li>
          </ul>
        </>
      ) : (
        <>
          <p class="lead">{t.text("welcome.memberLead")}</p>
          <h2>{t.text("welcome.whereToStart")}</h2>
          <ul>
            {hello}
            <li>
              {t.text("welcome.howYouAppear")} <a href="/settings/personas">{t.text("welcome.howYouAppearLink")}</a>
              {t.text("welcome.howYouAppearEnd")}
            </li>
            <li>{t.text("welcome.readRules")}</li>
          </ul>
        </>
      )}
      <p>
        <a href={base}>{t.text("welcome.goTo", named)}</a>
      </p>
    </Layout>
  );
}
