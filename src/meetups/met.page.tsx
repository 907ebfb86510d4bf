/** "We met": the others who were going, each with a button to say you met them; and the people you met, both having said so. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { CsrfField, Notice, PersonaBadge } from "../web/components.tsx";
import { Breadcrumb } from "../discussion/discussion.components.tsx";

import type { Connection, PersonAtEvent } from "./after-event.ts";
import type { EventView } from "./meetups.presenter.ts";
import { eventTrail } from "./event.page.tsx";

function stateWords(person: PersonAtEvent, ctx: PageContext): string | null {
  const { t } = ctx;
  if (person.connected) return t.text("events.met.connected");
  if (person.iSaid) return t.text("events.met.waitingForThem");
  if (person.theySaid) return t.text("events.met.theySaid");
  return null;
}

export function PeopleAtEventPage({ ctx, event, people, saved }: { ctx: PageContext; event: EventView; people: PersonAtEvent[]; saved?: boolean }) {
  const { t } = ctx;
  const heading = t.text("events.met.heading", { title: event.title });
  return (
    <Layout ctx={ctx} title={heading} community={event.community}>
      <Breadcrumb items={[...eventTrail(event, t), { href: `/events/${event.id}`, label: event.title }]} />
      <h1>{heading}</h1>
      {saved ? <Notice>{t.text("events.met.saved")}</Notice> : null}
      <p>{t.text("events.met.lead")}</p>
      {people.length === 0 ? (
        <p>{t.text("events.met.nobody")}</p>
      ) : (
        <ul class="people-met">
          {people.map((person) => {
            const state = stateWords(person, ctx);
            return (
              <li>
                <PersonaBadge persona={person.persona} />
                {state ? <span class="met-state"> {state}</span> : null}
                {person.iSaid ? null : (
                  <form method="post" action={`/events/${event.id}/met`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="personaId" value={person.persona.id} />
                    <button type="submit" class="secondary">
                      {t.text(person.theySaid ? "events.met.confirm" : "events.met.say", { name: person.persona.displayName })}
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <a href="/met">{t.text("events.met.allLink")}</a>
      </p>
    </Layout>
  );
}

export function ConnectionsPage({ ctx, connections }: { ctx: PageContext; connections: Connection[] }) {
  const { t } = ctx;
  const heading = t.text("events.met.connectionsHeading");
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <p>{t.text("events.met.connectionsLead")}</p>
      {connections.length === 0 ? (
        <p>{t.text("events.met.noConnections")}</p>
      ) : (
        <ul class="people-met">
          {connections.map((c) => (
            <li>
              <PersonaBadge persona={c.persona} linked />{" "}
              <span>
                {t.text("events.met.at")} <a href={`/events/${c.event.id}`}>{c.event.title}</a>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}


