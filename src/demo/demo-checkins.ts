/**
 * The demo's check-ins (issue 11): the COPD community's own questions, and a few weeks of
 * made-up check-ins by its people, shared into the weekly summary — so a newcomer who joins
 * sees the check-in form on the community page and "5 members shared a check-in" on the
 * check-in page. Nobody can sign in as a demo person, so nobody sees their histories: only
 * what the summary may show.
 */
import type { CheckinsService } from "../checkins/checkins.service.ts";
import type { CheckinTemplate } from "../shared/checkin-template.ts";
import type { Viewer } from "../shared/viewer.ts";

export const DEMO_CHECKIN_TEMPLATE: CheckinTemplate = {
  fields: [
    { id: "breathlessness", label: "How breathless are you today?", type: "scale", min: 0, max: 10 },
    { id: "cough", label: "How is your cough?", type: "scale", min: 0, max: 10 },
    { id: "sleep", label: "How did you sleep?", type: "scale", min: 1, max: 5 },
    { id: "mood", label: "How is your mood?", type: "scale", min: 1, max: 5 },
    { id: "reliever", label: "Did you use your reliever inhaler more than usual?", type: "boolean" },
    { id: "note", label: "Anything you want to remember about today?", type: "text" },
  ],
};

/** A made-up day: a slow wave over the weeks, different for each person, a worse spell in the middle. */
function day(person: number, daysAgo: number) {
  const wave = Math.round(2 * Math.sin((daysAgo + person * 3) / 4));
  const spell = daysAgo >= 8 && daysAgo <= 11 ? 2 : 0;
  const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
  return {
    breathlessness: clamp(4 + wave + spell, 0, 10),
    cough: clamp(3 + person - wave, 0, 10),
    sleep: clamp(3 - spell + (wave > 0 ? 0 : 1), 1, 5),
    mood: clamp(3 + (wave < 0 ? 1 : 0) - (spell ? 1 : 0), 1, 5),
    reliever: spell > 0,
  };
}

/** Three weeks for the first member (with a missed day), the last week for the others, all shared. */
export async function seedDemoCheckins(checkins: CheckinsService, people: Viewer[], slug: string) {
  for (const [person, viewer] of people.entries()) {
    const days = person === 1 ? 21 : 6;
    for (let daysAgo = days; daysAgo >= 1; daysAgo--) {
      if (person === 1 && daysAgo === 13) continue;
      await checkins.checkIn(viewer, slug, { values: day(person, daysAgo), share: true }, daysAgo);
    }
  }
}
