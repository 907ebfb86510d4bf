/**
 * Events and meet-ups (issue 13, ADR 45): an event belongs to one space and is read by whoever
 * may read it there (a members-only event is the same 404 as none); members who may post there
 * answer going, maybe or not going, as the persona they choose. Places are decided in the
 * database under the event's row lock: a "going" that does not fit waits, and whoever waits is
 * promoted in arrival order when places free up (someone leaves, an organiser raises the
 * capacity or moves someone). Organisers (who made it, the co-organisers they named, and the
 * community's managers) edit it, see and change the list and write to the people who answered.
 *
 * What changes is told through domain events (ids only): a promotion, a change of time or
 * place, a cancellation, an organisers' message. Reminders and the calendars read from here.
 */
import type { Db } from "../db/connection.ts";
import type { CommunitiesService, SpaceRow } from "../communities/communities.service.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { DiscussionService } from "../discussion/discussion.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import * as afterEvent from "./after-event.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { RsvpStatus } from "../db/schema.ts";
import { chooseAuthor } from "../shared/authorship.ts";
import { checkAll, conflict, forbidden, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { LIMITS } from "../shared/limits.ts";
import { checkSafeText } from "../shared/text.ts";
import { GUEST, isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import { checkEvent, type CheckedEvent, type EventInput } from "./event-input.ts";
import { presentAttendee, presentEvent, presentEventSummary, personaFrom, type AttendeeView, type EventSummaryView, type EventView } from "./meetups.presenter.ts";
import * as repo from "./meetups.repo.ts";
import { answerOf, changesBetween, columnsOf, type EventChangeKind } from "./event-rows.ts";
import * as calendarRepo from "./calendar.repo.ts";
import type { CalendarEvent } from "./calendar.ts";

export type { EventView, EventSummaryView, AttendeeView } from "./meetups.presenter.ts";
export type { EventInput } from "./event-input.ts";
export type { PersonAtEvent, Connection } from "./after-event.ts";
export type { EventRow } from "./meetups.repo.ts";

export type EventPatch = Partial<EventInput>;
export type RsvpInput = { status: string; personaId?: string; plusOne?: boolean };

/** What an edit changed that the people who answered are told about. */
export type { EventChangeKind } from "./event-rows.ts";

/** An event's facts for telling people about it (notifications, reminders): never sent out as they are. */
export type EventNotice = { row: repo.EventRow; audience: { accountId: string; personaId: string; status: RsvpStatus }[] };

const MAX_LISTED = 100;
/** The reminders (ADR 47): a day, and two hours, before the start. */
const REMINDERS = [
  ["day", 24 * 3600_000],
  ["hours", 2 * 3600_000],
] as const;

export class MeetupsService {
  constructor(
    private readonly db: Db,
    private readonly communities: CommunitiesService,
    private readonly moderation: ModerationService,
    private readonly events: EventBus,
    private readonly people: { accounts: AccountsService; personas: PersonasService; discussion: DiscussionService },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** This service with another clock: the demo seeds an event that has happened as of before it (answers close when it ends). */
  asOf(now: () => Date): MeetupsService {
    return new MeetupsService(this.db, this.communities, this.moderation, this.events, this.people, now);
  }

  private get afterEventDeps(): afterEvent.AfterEventDeps {
    return { db: this.db, ...this.people, now: this.now };
  }

  /** Makes an event in a space the viewer may post in; creating it does not answer for its organiser. */
  async create(viewer: Viewer, slug: string, input: EventInput & { space?: string }): Promise<{ id: string }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const checked = checkEvent(input);
    const { community, membership, spaces } = await this.communities.readableSpaces(viewer, slug);
    const space = input.space === undefined ? spaces[0] : spaces.find((s) => s.slug === input.space);
    if (!space) throw invalid("space", msg("problem.events.space"));
    if (!this.communities.mayPost(viewer, community, space, membership)) throw forbidden(msg("error.events.joinToOrganise"));
    await this.moderation.refuseIfSanctioned(viewer, community.id);
    const organiser = chooseAuthor(viewer, undefined);
    const coOrganisers = await this.checkCoOrganisers(this.communities.manages(membership), community.id, input.organisers ?? [], organiser);
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      await repo.insertEvent(trx, { id, community_id: community.id, space_id: space.id, organiser_persona_id: organiser, ...columnsOf(checked) }, coOrganisers);
      await this.scheduled(trx, community.id, id, checked.endsAt);
    });
    return { id };
  }

  /** One event as the viewer may see it. */
  async get(viewer: Viewer, id: string): Promise<EventView> {
    const { row, organises, mayAnswer } = await this.readable(viewer, id);
    return this.present(viewer, row, organises, mayAnswer);
  }

  /**
   * Changes an event (its organisers only). Capacity may not go below the places taken; raising
   * it promotes from the waitlist. A change of time, place or link is told to everyone who answered.
   */
  async update(viewer: Viewer, id: string, patch: EventPatch): Promise<EventView> {
    const { row } = await this.organised(viewer, id);
    if (row.cancelled_at) throw conflict("event_cancelled", msg("error.events.cancelled"));
    const merged: EventInput = {
      title: patch.title ?? row.title,
      description: patch.description ?? row.description,
      startsAt: patch.startsAt ?? row.starts_at.toISOString(),
      endsAt: patch.endsAt ?? row.ends_at.toISOString(),
      timeZone: patch.timeZone ?? row.time_zone,
      mode: patch.mode ?? row.mode,
      location: patch.location !== undefined ? patch.location : row.location,
      directions: patch.directions !== undefined ? patch.directions : row.directions,
      onlineUrl: patch.onlineUrl !== undefined ? patch.onlineUrl : row.online_url,
      capacity: patch.capacity !== undefined ? patch.capacity : row.capacity,
      accessibility: patch.accessibility ?? row.accessibility,
    };
    const checked = checkEvent(merged);
    const manages = this.communities.manages(await this.communities.membershipIn(viewer, row.community_id));
    const coOrganisers = patch.organisers ? await this.checkCoOrganisers(manages, row.community_id, patch.organisers, row.organiser_persona_id) : null;
    const changes = changesBetween(row, checked);
    await this.db.transaction().execute(async (trx) => {
      await repo.lockEvent(trx, id);
      if (checked.capacity !== null) {
        const taken = await repo.placesTaken(trx, id);
        if (checked.capacity < taken) throw invalid("capacity", msg("problem.events.capacityBelowGoing", { going: String(taken) }));
      }
      await repo.updateEvent(trx, id, columnsOf(checked));
      if (coOrganisers) await repo.setCoOrganisers(trx, id, coOrganisers);
      await this.tellPromoted(trx, row.community_id, id, await repo.promoteFromWaitlist(trx, id));
      const told = changes.filter((c) => c !== "capacity");
      if (told.length > 0) await this.events.publish(trx, { type: "meetup.changed", communityId: row.community_id, eventId: id, changes: told.join(",") });
      if (changes.includes("time")) await this.scheduled(trx, row.community_id, id, checked.endsAt);
    });
    return this.get(viewer, id);
  }

  /** Cancels an event (its organisers); everyone who answered is told. Cancelling twice changes nothing more. */
  async cancel(viewer: Viewer, id: string): Promise<EventView> {
    const { row } = await this.organised(viewer, id);
    await this.db.transaction().execute(async (trx) => {
      if (await repo.cancelEvent(trx, id, this.now())) {
        await this.events.publish(trx, { type: "meetup.cancelled", communityId: row.community_id, eventId: id });
      }
    });
    return this.get(viewer, id);
  }

  /**
   * Answers for the viewer: going (or waitlisted, when it does not fit), maybe or not going,
   * as one of their personas. A carer may bring the person they care for (+1). Giving up a
   * place promotes whoever waits next. Answers what the database decided.
   */
  async rsvp(viewer: Viewer, id: string, input: RsvpInput): Promise<{ status: RsvpStatus }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const wanted = checkAll({
      status: () => answerOf(input.status),
      plusOne: () => {
        if (input.plusOne === true && !viewer.isCarer) throw invalid("plusOne", msg("problem.events.plusOneCarers"));
        return input.plusOne === true;
      },
    });
    const { row, mayAnswer } = await this.readable(viewer, id);
    if (!mayAnswer) throw forbidden(msg("error.events.joinToAnswer"));
    if (row.cancelled_at) throw conflict("event_cancelled", msg("error.events.cancelled"), "status");
    if (row.ends_at <= this.now()) throw conflict("event_over", msg("error.events.over"), "status");
    if (wanted.plusOne && wanted.status !== "going") throw invalid("plusOne", msg("problem.events.plusOneGoing"));
    await this.moderation.refuseIfSanctioned(viewer, row.community_id);
    const personaId = chooseAuthor(viewer, input.personaId);
    return this.db.transaction().execute(async (trx) => {
      await repo.lockEvent(trx, id);
      const before = await repo.rsvpOf(trx, id, viewer.accountId);
      let status: RsvpStatus;
      if (wanted.status === "going" && (before?.status === "going" || before?.status === "waitlisted")) {
        const kept = await repo.keepPlace(trx, { eventId: id, accountId: viewer.accountId, personaId, plusOne: wanted.plusOne });
        if (!kept) throw conflict("no_place", msg("error.events.noPlaceForPlusOne"), "plusOne");
        status = before.status;
      } else if (wanted.status === "going") {
        status = await repo.answerGoing(trx, { eventId: id, accountId: viewer.accountId, personaId, plusOne: wanted.plusOne });
      } else {
        await repo.answerNotGoing(trx, { eventId: id, accountId: viewer.accountId, personaId, status: wanted.status });
        status = wanted.status;
      }
      // Places may have freed (they left, or dropped their +1): whoever waits next goes.
      await this.tellPromoted(trx, row.community_id, id, await repo.promoteFromWaitlist(trx, id));
      return { status };
    });
  }

  /** Everyone who answered, for the organisers: going, the waitlist in order, maybe, not going. */
  async attendees(viewer: Viewer, id: string): Promise<AttendeeView[]> {
    await this.organised(viewer, id);
    return (await repo.attendees(this.db, id)).map(presentAttendee);
  }

  /**
   * An organiser moves someone who answered: to going (only where their places fit; over the
   * queue, the organiser's choice), to the back of the waitlist, or to not going (their place
   * goes to whoever waits next). `personaId` is the persona they answered as.
   */
  async move(viewer: Viewer, id: string, personaId: string, status: string): Promise<AttendeeView[]> {
    const { row } = await this.organised(viewer, id);
    if (!["going", "waitlisted", "not_going"].includes(status)) throw invalid("status", msg("problem.mustBeOneOf", { options: "going, waitlisted, not_going" }));
    const target = (await repo.attendees(this.db, id)).find((a) => a.persona_id === personaId);
    if (!target) throw notFound(msg("error.notFound.attendee"));
    await this.db.transaction().execute(async (trx) => {
      await repo.lockEvent(trx, id);
      if (status === "going" && target.status !== "going") {
        if (!(await repo.moveToGoing(trx, id, target.account_id))) throw conflict("no_place", msg("error.events.full"), "status");
        await this.tellPromoted(trx, row.community_id, id, [{ account_id: target.account_id }]);
      } else if (status === "waitlisted" && target.status !== "waitlisted") {
        await repo.moveToWaitlist(trx, id, target.account_id);
      } else if (status === "not_going" && target.status !== "not_going") {
        await repo.answerNotGoing(trx, { eventId: id, accountId: target.account_id, personaId: target.persona_id, status: "not_going" });
      }
      await this.tellPromoted(trx, row.community_id, id, await repo.promoteFromWaitlist(trx, id));
    });
    return this.attendees(viewer, id);
  }

  /** An organisers' message to everyone who answered going, waitlisted or maybe; told to each as a notification. */
  async message(viewer: Viewer, id: string, input: { body: string }): Promise<{ id: string }> {
    const { row } = await this.organised(viewer, id);
    const body = checkSafeText("body", input.body).trim();
    if (!body) throw invalid("body", msg("problem.events.messageBody"));
    if (body.length > LIMITS.eventMessage) throw invalid("body", msg("problem.text.tooLong", { max: String(LIMITS.eventMessage) }));
    const messageId = newId();
    await this.db.transaction().execute(async (trx) => {
      await repo.insertMessage(trx, { id: messageId, event_id: id, persona_id: chooseAuthor(viewer as SignedInViewer, undefined), body });
      await this.events.publish(trx, { type: "meetup.message", communityId: row.community_id, eventId: id, messageId });
    });
    return { id: messageId };
  }

  /** A community's upcoming (soonest first) or past (latest first) events that the viewer may read. */
  async list(viewer: Viewer, slug: string, when: "upcoming" | "past", limit = MAX_LISTED): Promise<EventSummaryView[]> {
    const { community, spaces } = await this.communities.readableSpaces(viewer, slug);
    return this.summaries(viewer, await repo.listEvents(this.db, community.id, spaces.map((s: SpaceRow) => s.id), when, this.now(), Math.min(limit, MAX_LISTED)));
  }

  /** Whether the viewer may organise an event in the community (they may post in one of its spaces), and its name. */
  async organiserView(viewer: Viewer, slug: string): Promise<{ community: { slug: string; name: string }; mayOrganise: boolean }> {
    const { community, membership, spaces } = await this.communities.readableSpaces(viewer, slug);
    const mayOrganise = isSignedIn(viewer) && spaces.some((s) => this.communities.mayPost(viewer, community, s, membership));
    return { community: { slug: community.slug, name: community.name }, mayOrganise };
  }

  /** The events an account is going to that have not ended (its personal calendar feed). */
  private async goingEventsOf(viewer: SignedInViewer): Promise<EventView[]> {
    const rows = await repo.goingEventsOf(this.db, viewer.accountId, new Date(this.now().getTime() - 30 * 24 * 3600_000));
    const views: EventView[] = [];
    for (const row of rows) {
      // Still readable: someone who left the community keeps no window onto its events.
      const access = await this.access(viewer, row);
      if (access.readable) views.push(await this.present(viewer, row, access.organises, access.mayAnswer));
    }
    return views;
  }

  /** An event and who answered, for telling them (notification subscribers, reminders); undefined when gone. */
  async notice(eventId: string, who: "answered" | "going"): Promise<EventNotice | undefined> {
    const row = isId(eventId) ? await repo.findEvent(this.db, eventId) : undefined;
    if (!row) return undefined;
    const audience = (await repo.audience(this.db, eventId, who)).map((a) => ({ accountId: a.account_id, personaId: a.persona_id, status: a.status }));
    return { row, audience };
  }

  /** An organisers' message, for telling it. */
  async messageForNotice(messageId: string): Promise<{ eventId: string; body: string; personaId: string } | undefined> {
    const message = isId(messageId) ? await repo.findMessage(this.db, messageId) : undefined;
    return message ? { eventId: message.event_id, body: message.body, personaId: message.persona_id } : undefined;
  }

  /**
   * Opens the follow-up thread of an event that has ended (the after-event job): as its organiser,
   * in its space, once. Answers whether it opened one now.
   */
  async openFollowUp(eventId: string): Promise<boolean> {
    if (!isId(eventId)) return false;
    return afterEvent.openFollowUp(this.afterEventDeps, eventId, (viewer, slug) => this.communities.languageOf(viewer, slug));
  }

  /** The others who were going, for someone who went: whom they said they met, who said it of them. */
  async peopleAt(viewer: Viewer, id: string): Promise<{ event: EventView; people: afterEvent.PersonAtEvent[] }> {
    const { row, organises, mayAnswer } = await this.readable(viewer, id);
    const people = await afterEvent.peopleAt(this.afterEventDeps, viewer, row);
    return { event: await this.present(viewer, row, organises, mayAnswer), people };
  }

  /** "We met": the viewer says they met the persona there; a connection once both have said it. */
  async sayWeMet(viewer: Viewer, id: string, personaId: string): Promise<{ connected: boolean }> {
    const { row } = await this.readable(viewer, id);
    return afterEvent.sayWeMet(this.afterEventDeps, viewer, row, personaId);
  }

  /** The people the viewer met at events, both having said so. */
  async connections(viewer: Viewer): Promise<afterEvent.Connection[]> {
    return afterEvent.connectionsOf(this.afterEventDeps, viewer);
  }

  /** Made, or its time changed: reminders are queued for the start, the after-event job for the end. */
  private async scheduled(trx: Db, communityId: string, eventId: string, endsAt: Date): Promise<void> {
    await this.events.publish(trx, { type: "meetup.scheduled", communityId, eventId });
    await this.events.publish(trx, { type: "meetup.ended", communityId, eventId }, { startAfter: endsAt });
  }

  private async summaries(viewer: Viewer, rows: repo.EventRow[]): Promise<EventSummaryView[]> {
    const tallies = await repo.tallies(this.db, rows.map((r) => r.id));
    const now = this.now();
    const mine = isSignedIn(viewer) ? await Promise.all(rows.map((r) => repo.rsvpOf(this.db, r.id, viewer.accountId))) : rows.map(() => undefined);
    return rows.map((row, i) => presentEventSummary(row, { tally: tallies.get(row.id)!, mine: mine[i], now }));
  }

  private async present(viewer: Viewer, row: repo.EventRow, organises: boolean, mayAnswer: boolean): Promise<EventView> {
    const tally = (await repo.tallies(this.db, [row.id])).get(row.id)!;
    const mine = isSignedIn(viewer) ? await repo.rsvpOf(this.db, row.id, viewer.accountId) : undefined;
    const organisers = (await repo.organisersOf(this.db, row.id)).map((o) => personaFrom(o.persona_id, o));
    return presentEvent(row, { tally, mine, now: this.now(), organisers, organises, mayAnswer, isCarer: isSignedIn(viewer) && viewer.isCarer });
  }

  /** The event when the viewer may read it (else the 404 of one that does not exist), and what they may do. */
  private async readable(viewer: Viewer, id: string): Promise<{ row: repo.EventRow; organises: boolean; mayAnswer: boolean }> {
    const row = isId(id) ? await repo.findEvent(this.db, id) : undefined;
    if (!row) throw notFound(msg("error.notFound.event"));
    const access = await this.access(viewer, row);
    if (!access.readable) throw notFound(msg("error.notFound.event"));
    return { row, organises: access.organises, mayAnswer: access.mayAnswer };
  }

  private async access(viewer: Viewer, row: repo.EventRow): Promise<{ readable: boolean; organises: boolean; mayAnswer: boolean }> {
    const membership = await this.communities.membershipIn(viewer, row.community_id);
    const community = { visibility: row.community_visibility };
    const space = { visibility: row.space_visibility };
    if (!this.communities.mayRead(viewer, community, space, membership)) return { readable: false, organises: false, mayAnswer: false };
    const mayAnswer = this.communities.mayPost(viewer, community, space, membership);
    const organises =
      isSignedIn(viewer) && mayAnswer && (this.communities.manages(membership) || (await repo.organiserAccounts(this.db, row.id)).includes(viewer.accountId));
    return { readable: true, organises, mayAnswer };
  }

  /** The event, for its organisers; a 404 for those who cannot read it, a 403 for readers who do not organise it. */
  private async organised(viewer: Viewer, id: string): Promise<{ row: repo.EventRow }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { row, organises } = await this.readable(viewer, id);
    if (!organises) throw forbidden(msg("error.events.organisersOnly"));
    return { row };
  }

  /**
   * Co-organisers must be personas of members of the community (any kind; the maker is one
   * already). Only its managers may name them: they see its members, and for anyone else the
   * answer would tell whether a persona is a member.
   */
  private async checkCoOrganisers(manages: boolean, communityId: string, personaIds: string[], maker: string): Promise<string[]> {
    const ids = [...new Set(personaIds)].filter((p) => p !== maker);
    if (ids.length === 0) return [];
    if (!manages) throw forbidden(msg("error.events.organisersByManagers"));
    const faces = await this.communities.memberPersonas(communityId, ids);
    if (ids.some((p) => !faces.has(p))) throw invalid("organisers", msg("problem.events.organisers"));
    return ids;
  }

  private async tellPromoted(trx: Db, communityId: string, eventId: string, promoted: { account_id: string }[]): Promise<void> {
    for (const p of promoted) await this.events.publish(trx, { type: "meetup.promoted", communityId, eventId, accountId: p.account_id });
  }

  // Calendars (ADR 47): each event as its viewer may see it, with when it last changed.

  /** One event for a calendar (GET /events/:id.ics): the same 404s as get(), the online link only for someone going or organising. */
  async calendarEvent(viewer: Viewer, id: string): Promise<CalendarEvent> {
    const view = await this.get(viewer, id);
    return { view, updatedAt: (await calendarRepo.updatedAtOf(this.db, [id])).get(id) ?? this.now() };
  }

  /**
   * A community's calendar feed: its upcoming events and those of the last 90 days that the
   * viewer may read (a calendar app carries no session: in practice a guest's). Never an
   * online link, whoever asks: a feed's address is shared.
   */
  async communityCalendar(viewer: Viewer, slug: string): Promise<{ community: { slug: string; name: string }; events: CalendarEvent[] }> {
    const { community, spaces } = await this.communities.readableSpaces(viewer, slug);
    const spaceIds = spaces.map((s: SpaceRow) => s.id);
    const recent = new Date(this.now().getTime() - 90 * 24 * 3600_000);
    const past = (await repo.listEvents(this.db, community.id, spaceIds, "past", this.now(), 50)).filter((r) => r.ends_at > recent);
    const rows = [...(await repo.listEvents(this.db, community.id, spaceIds, "upcoming", this.now(), MAX_LISTED)), ...past.reverse()];
    // Shown as to nobody in particular: no answer of the asker's, no link.
    const views = await Promise.all(rows.map((row) => this.present(GUEST, row, false, false)));
    return { community: { slug: community.slug, name: community.name }, events: await this.withUpdatedAt(views.map((v) => ({ ...v, onlineUrl: null }))) };
  }

  /** The events the viewer is going to, for their personal feed (its token checked by CalendarFeedsService): with the online links. */
  async personalCalendar(viewer: Viewer): Promise<CalendarEvent[]> {
    if (!isSignedIn(viewer)) throw notFound(msg("error.notFound.calendar"));
    return this.withUpdatedAt(await this.goingEventsOf(viewer));
  }

  /**
   * Queues an event's reminders (ADR 47), held until a day and two hours before its start; a
   * moment already past is not queued. Each carries the start it was queued for: when the event
   * moved since, a new pair was queued and the old one does nothing. Running twice queues a
   * second pair, which tells nobody twice (a reminder is once per event, reminder, start and account).
   */
  async scheduleReminders(eventId: string): Promise<void> {
    const row = isId(eventId) ? await repo.findEvent(this.db, eventId) : undefined;
    if (!row || row.cancelled_at) return;
    const now = this.now().getTime();
    for (const [reminder, before] of REMINDERS) {
      const at = new Date(row.starts_at.getTime() - before);
      if (at.getTime() <= now) continue;
      const payload = { type: "meetup.reminder_due", communityId: row.community_id, eventId, reminder, startsAt: row.starts_at.toISOString() } as const;
      await this.events.publish(this.db, payload, { startAfter: at });
    }
  }

  /** The event a reminder was queued for, if it still holds: not gone, not cancelled, not moved (`startsAt` the start it was queued for). */
  async reminderFor(eventId: string, startsAt: string): Promise<EventNotice | undefined> {
    const notice = await this.notice(eventId, "going");
    if (!notice || notice.row.cancelled_at || notice.row.starts_at.toISOString() !== startsAt) return undefined;
    return notice;
  }

  /** Whether the viewer may (still) read the event: notifications and reminders tell only them. */
  async readableBy(viewer: Viewer, eventId: string): Promise<boolean> {
    const row = isId(eventId) ? await repo.findEvent(this.db, eventId) : undefined;
    return row ? (await this.access(viewer, row)).readable : false;
  }

  private async withUpdatedAt(views: EventView[]): Promise<CalendarEvent[]> {
    const updated = await calendarRepo.updatedAtOf(this.db, views.map((v) => v.id));
    return views.map((view) => ({ view, updatedAt: updated.get(view.id) ?? this.now() }));
  }
}
