/**
 * After an event (issue 13 part 5, ADR 45): the follow-up thread opened when it ends, and "we
 * met" connections. A connection is one person's word that they met another there, each by the
 * persona they answered as; it counts once both have said it, and only the two ever see it.
 * Only people who said they were going, once it has started, may say it, and only of another
 * who was going. The use cases live here; MeetupsService is their door.
 */
import type { Db } from "../db/connection.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { DiscussionService } from "../discussion/discussion.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import { AppError, forbidden, invalid, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { translatorFor } from "../shared/i18n/translator.ts";
import { isLocale } from "../shared/i18n/locales.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { personaFrom } from "./meetups.presenter.ts";
import type { PersonaView } from "../personas/persona.presenter.ts";
import * as repo from "./meetups.repo.ts";

export type PersonAtEvent = { persona: PersonaView; iSaid: boolean; theySaid: boolean; connected: boolean };
export type Connection = { persona: PersonaView; asPersonaId: string; event: { id: string; title: string; startsAt: string } };

export type AfterEventDeps = { db: Db; accounts: AccountsService; personas: PersonasService; discussion: DiscussionService; now: () => Date };

/**
 * Opens the follow-up thread in the event's space, as the organiser who made it, once it has
 * ended (not cancelled, not moved later). Nothing when it already has one, or its organiser can
 * no longer write there. Answers whether it opened one now.
 */
export async function openFollowUp(deps: AfterEventDeps, eventId: string, communityLanguage: (viewer: Viewer, slug: string) => Promise<string | undefined>): Promise<boolean> {
  const row = await repo.findEvent(deps.db, eventId);
  if (!row || row.cancelled_at || row.follow_up_thread_id || row.ends_at > deps.now()) return false;
  const owner = await deps.personas.ownerOf(row.organiser_persona_id);
  if (!owner) return false;
  const viewer = await deps.accounts.viewerForAccount(owner.account_id);
  if (!isSignedIn(viewer)) return false;
  const language = await communityLanguage(viewer, row.community_slug);
  const t = translatorFor(language && isLocale(language) ? language : "en-GB");
  const day = t.date(row.starts_at, { day: "numeric", month: "long", year: "numeric", timeZone: row.time_zone });
  if (!(await repo.claimFollowUp(deps.db, row.id))) return false;
  try {
    const thread = await deps.discussion.createThread(viewer, row.community_slug, row.space_slug, {
      title: t.text("events.followUpTitle", { title: row.title }).slice(0, 200),
      body: t.text("events.followUpBody", { title: row.title, day, link: `/events/${row.id}` }),
      personaId: row.organiser_persona_id,
    });
    return repo.setFollowUpThread(deps.db, row.id, thread.id);
  } catch (error) {
    // The organiser may write there no more (left, suspended): the event keeps no thread, and the job is done.
    if (error instanceof AppError && error.status < 500) return false;
    await repo.releaseFollowUp(deps.db, row.id); // a passing fault: the job's retry may try again
    throw error;
  }
}

/** The viewer's persona at the event when they said they were going and it has started; a 403 otherwise. */
async function attendeeAt(deps: AfterEventDeps, viewer: Viewer, row: repo.EventRow): Promise<{ accountId: string; personaId: string }> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  const mine = await repo.rsvpOf(deps.db, row.id, viewer.accountId);
  if (!mine || mine.status !== "going" || row.cancelled_at || row.starts_at > deps.now()) throw forbidden(msg("error.events.metOnlyAttendees"));
  return { accountId: viewer.accountId, personaId: mine.persona_id };
}

/** The others who were going, for the viewer who was too: whom they said they met, and who said it of them. */
export async function peopleAt(deps: AfterEventDeps, viewer: Viewer, row: repo.EventRow): Promise<PersonAtEvent[]> {
  const me = await attendeeAt(deps, viewer, row);
  return (await repo.peopleAtEvent(deps.db, row.id, me.accountId, me.personaId)).map((r) => ({
    persona: personaFrom(r.persona_id, r),
    iSaid: r.i_said,
    theySaid: r.they_said,
    connected: r.i_said && r.they_said,
  }));
}

/** The viewer says they met `personaId` there: a 400 naming personaId when that persona was not going. Answers whether it is now mutual. */
export async function sayWeMet(deps: AfterEventDeps, viewer: Viewer, row: repo.EventRow, personaId: string): Promise<{ connected: boolean }> {
  const me = await attendeeAt(deps, viewer, row);
  const other = await repo.goingPersona(deps.db, row.id, personaId);
  if (!other || other.account_id === me.accountId) throw invalid("personaId", msg("problem.events.notThere"));
  await repo.insertConnection(deps.db, { event_id: row.id, from_account_id: me.accountId, from_persona_id: me.personaId, to_persona_id: personaId });
  const people = await repo.peopleAtEvent(deps.db, row.id, me.accountId, me.personaId);
  return { connected: people.some((p) => p.persona_id === personaId && p.i_said && p.they_said) };
}

/** The people the viewer met, both having said so: by the persona each used there. */
export async function connectionsOf(deps: AfterEventDeps, viewer: Viewer): Promise<Connection[]> {
  if (!isSignedIn(viewer)) throw notSignedIn();
  return (await repo.connectionsOf(deps.db, viewer.accountId)).map((r) => ({
    persona: personaFrom(r.persona_id, r),
    asPersonaId: r.my_persona_id,
    event: { id: r.event_id, title: r.event_title, startsAt: r.starts_at.toISOString() },
  }));
}
