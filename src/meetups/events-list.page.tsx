/** A community's events: upcoming (soonest first) or past (newest first), and the way to organise one. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { Breadcrumb } from "../discussion/discussion.components.tsx";
import { EventListItem } from "./meetups.components.tsx";
import type { EventSummaryView } from "./meetups.presenter.ts";

export function EventsListPage(props: { ctx: PageContext; community: { slug: string; name: string }; when: "upcoming" | "past"; events: EventSummaryView[]; canOrganise: boolean }) {
  const { ctx, community, when, events } = props;
  const { t } = ctx;
  const base = `/c/${encodeURIComponent(community.slug)}/events`;
  const heading = t.text(when === "upcoming" ? "events.upcomingHeading" : "events.pastHeading", { community: community.name });
  return (
    <Layout ctx={ctx} title={heading} community={community}>
      <Breadcrumb items={[{ href: `/c/${encodeURIComponent(community.slug)}`, label: community.name }]} />
      <h1>{heading}</h1>
      <nav aria-label={t.text("events.whichNav")} class="tabs">
        <ul>
          <li>{when === "upcoming" ? <span aria-current="page">{t.text("events.upcomingTab")}</span> : <a href={base}>{t.text("events.upcomingTab")}</a>}</li>
          <li>{when === "past" ? <span aria-current="page">{t.text("events.pastTab")}</span> : <a href={`${base}?when=past`}>{t.text("events.pastTab")}</a>}</li>
        </ul>
      </nav>
      {props.canOrganise ? (
        <p>
          <a href={`${base}/new`} class="button">
            {t.text("events.organiseLink")}
          </a>
        </p>
      ) : null}
      {events.length === 0 ? (
        <p>{t.text(when === "upcoming" ? "events.noneComing" : "events.nonePast")}</p>
      ) : (
        <ul class="event-list">
          {events.map((event) => (
            <EventListItem event={event} />
          ))}
        </ul>
      )}
      <p>
        <a href={`${base}.ics`}>{t.text("events.communityFeed")}</a>
      </p>
    </Layout>
  );
}
