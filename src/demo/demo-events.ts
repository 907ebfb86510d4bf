/**
 * The demo's events (issue 13): a walk coming up with its accessibility said in words and
 * people going (a carer bringing the person she cares for), an online coffee morning, and a
 * singing group that has happened, with its follow-up thread and two people who said they met.
 * Seeded through the real events service; the past one through a copy of it that answers as of
 * before it happened, since nobody can answer an event that is over.
 */
import type { MeetupsService } from "../meetups/meetups.service.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";

const DAY = 86_400_000;

/** Noon UTC `days` from the seed, at `hour` (UTC) for its start. */
function at(days: number, hour: number): string {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

export const DEMO_EVENTS = {
  walk: {
    title: "Breathe easy walk in Riverside Park",
    description: "A slow, flat loop of about a mile, with benches along the way. Stop whenever you like: nobody is left behind.\n\nBring water and your inhaler.",
    space: "everyday-life",
    mode: "in_person",
    location: "Riverside Park, main gates on Mill Lane",
    directions: "Buses 14 and 22 stop at the gates. The car park by the café has four blue-badge bays.",
    capacity: 12,
    accessibility: { stepFree: true, accessibleToilet: true, hearingLoop: false, quietRoom: false, seating: true, parking: true, carersFree: true, notes: "The path is tarmac all the way; the café has a step-free entrance." },
    timeZone: "Europe/London",
  },
  coffee: {
    title: "Online coffee morning",
    description: "An hour to chat over a cup of something, cameras optional.",
    space: "everyday-life",
    mode: "online",
    onlineUrl: "https://meet.example.org/copd-coffee",
    accessibility: { captions: true, quietRoom: false, notes: "Live captions are on. You can type in the chat instead of talking." },
    timeZone: "Europe/London",
  },
  singing: {
    title: "Singing for lung health",
    description: "Gentle breathing exercises and songs with a volunteer from the local choir.",
    space: "everyday-life",
    mode: "in_person",
    location: "St Mary's church hall, Station Road",
    capacity: 20,
    accessibility: { stepFree: true, accessibleToilet: true, hearingLoop: true, seating: true },
    timeZone: "Europe/London",
  },
} as const;

/** Seeds the three events in `slug`: `people` are DEMO_PEOPLE's viewers (Ann organises; Sue is the carer). */
export async function seedDemoEvents(meetups: MeetupsService, people: Viewer[], slug: string): Promise<void> {
  const [ann, raj, sue, tom] = people as [Viewer, Viewer, Viewer, Viewer];
  const walk = await meetups.create(ann, slug, { ...DEMO_EVENTS.walk, startsAt: at(10, 10), endsAt: at(10, 12) });
  await meetups.rsvp(raj, walk.id, { status: "going" });
  await meetups.rsvp(sue, walk.id, { status: "going", plusOne: true });
  await meetups.rsvp(tom, walk.id, { status: "maybe" });
  await meetups.create(ann, slug, { ...DEMO_EVENTS.coffee, startsAt: at(4, 10), endsAt: at(4, 11) });

  // A fortnight ago: answered the day before it, then over, with its follow-up thread and a connection.
  const startsAt = at(-14, 14);
  const before = meetups.asOf(() => new Date(Date.parse(startsAt) - DAY));
  const singing = await before.create(ann, slug, { ...DEMO_EVENTS.singing, startsAt, endsAt: at(-14, 16) });
  for (const person of [ann, raj, sue]) await before.rsvp(person, singing.id, { status: "going" });
  await meetups.openFollowUp(singing.id);
  const face = (viewer: Viewer) => (isSignedIn(viewer) ? viewer.personas.find((p) => p.kind === "personal")!.id : "");
  await meetups.sayWeMet(raj, singing.id, face(sue));
  await meetups.sayWeMet(sue, singing.id, face(raj));
}
