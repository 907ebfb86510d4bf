/**
 * Check-ins (issue 11): a member answers their community's few questions — one tap, with
 * yesterday's answers as the defaults — and sees their own history. Nobody else ever sees
 * a member's check-ins: not moderators, not the community. A member may share them into a
 * weekly summary, which shows a number only when it counts at least SUMMARY_MINIMUM members
 * and at least as many are outside it (so it never says what one person, or everyone, did).
 */
import type { Db } from "../db/connection.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { Access, CommunitiesService } from "../communities/communities.service.ts";
import { checkCheckinAnswers, GENERAL_TEMPLATE, type CheckinAnswers, type CheckinTemplate } from "../shared/checkin-template.ts";
import { forbidden, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { newId } from "../shared/ids.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import * as repo from "./checkins.repo.ts";

/** The fewest members a number in the summary may count, and the fewest it may leave out. */
export const SUMMARY_MINIMUM = 5;
/** The summary's days: the week up to today. */
export const SUMMARY_DAYS = 7;
/** How much history a member's page and export read (a year and a bit of daily check-ins). */
export const HISTORY_LIMIT = 400;

export type TemplateView = CheckinTemplate & { general: boolean };
export type CheckinView = { id: string; day: string; values: CheckinAnswers; shared: boolean };
export type History = { template: TemplateView; items: CheckinView[]; community: { slug: string; name: string }; isMember: boolean };
/** What the check-in form starts from: the member's newest answers (the form fills in the rest), and whether that was today. */
export type StartingAnswers = { values: CheckinAnswers; share: boolean; checkedInToday: boolean };
/** For each scale and yes-or-no question, the counts that may be shown (null where one may not). */
export type SummaryView = {
  days: number;
  /** From the general wellbeing questions, whose labels the presenter puts in the reader's words. */
  general: boolean;
  members: number | null;
  fields: { id: string; label: string; type: "scale" | "boolean"; up: number | null; down: number | null; yes: number | null }[];
};

/** UTC's today, as YYYY-MM-DD: the day a check-in is for (ADR 0037). */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);
const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

export const startingAnswers = (latest: CheckinView | undefined): StartingAnswers => ({
  values: latest?.values ?? {},
  share: latest?.shared ?? false,
  checkedInToday: latest?.day === today(),
});

/** A count the summary may show: at least SUMMARY_MINIMUM in it and at least as many outside it. */
export const showable = (count: number, of: number) => (count >= SUMMARY_MINIMUM && of - count >= SUMMARY_MINIMUM ? count : null);

const templateOf = (own: CheckinTemplate | undefined): TemplateView => (own ? { ...own, general: false } : { ...GENERAL_TEMPLATE, general: true });

export class CheckinsService {
  constructor(
    private readonly db: Db,
    private readonly communities: CommunitiesService,
    private readonly events: EventBus,
  ) {}

  /** The community's check-in questions, or the general wellbeing ones; 404 where the community may not be seen. */
  async template(viewer: Viewer, slug: string): Promise<TemplateView> {
    const { community } = await this.communities.access(viewer, slug);
    return templateOf(community.charter.checkinTemplate);
  }

  /** The member of `slug` behind the viewer, or a 401/403 that says what to do. */
  private async member(viewer: Viewer, slug: string) {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const access = await this.communities.access(viewer, slug);
    if (access.membership?.status !== "member") throw forbidden(msg("error.checkins.joinToCheckIn"));
    return { viewer, community: access.community };
  }

  /**
   * Today's check-in: written, or — when the member already checked in today — replaced, so a
   * double tap or a second thought never makes two. Answers are checked against the template.
   */
  async checkIn(
    viewer: Viewer,
    slug: string,
    input: { values: Record<string, unknown>; share?: boolean },
    /** Days before today it is for: only the demo's made-up history uses it (the API always checks in for today). */
    daysAgo = 0,
  ): Promise<{ id: string; day: string; replaced: boolean }> {
    const { viewer: member, community } = await this.member(viewer, slug);
    const answers = checkCheckinAnswers(templateOf(community.charter.checkinTemplate), input.values);
    const day = daysBefore(today(), daysAgo);
    const written = await this.db.transaction().execute(async (trx) => {
      const row = await repo.upsertCheckin(trx, { id: newId(), community_id: community.id, account_id: member.accountId, day, answers, shared: input.share ?? false });
      if (!row.replaced) await this.events.publish(trx, { type: "checkin.made", communityId: community.id, accountId: member.accountId });
      return row;
    });
    return { ...written, day };
  }

  /** The viewer's own check-ins in `slug`, newest first. Anyone signed in sees only theirs (none, if they never checked in). */
  async history(viewer: Viewer, slug: string): Promise<History> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.historyIn(viewer, await this.communities.access(viewer, slug));
  }

  /** Everything the check-in page shows, from one look at the community: the history, the form's starting answers, and for members the week. */
  async page(viewer: Viewer, slug: string): Promise<History & { form: StartingAnswers; summary: SummaryView | null }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const access = await this.communities.access(viewer, slug);
    const history = await this.historyIn(viewer, access);
    return { ...history, form: startingAnswers(history.items[0]), summary: history.isMember ? await this.summaryOf(access.community) : null };
  }

  /** The check-in form for the community page: the questions, answered as the member did last time. */
  async form(viewer: Viewer, slug: string): Promise<{ template: TemplateView } & StartingAnswers> {
    const { community } = await this.communities.access(viewer, slug);
    const template = templateOf(community.charter.checkinTemplate);
    if (!isSignedIn(viewer)) return { template, ...startingAnswers(undefined) };
    const latest = await repo.latestCheckin(this.db, viewer.accountId, community.id);
    return { template, ...startingAnswers(latest ? { id: latest.id, day: latest.day, values: latest.answers, shared: latest.shared } : undefined) };
  }

  /**
   * The community's week, from the check-ins members chose to share: how many shared, and for
   * each scale how many answered higher or lower than their previous shared check-in, and for
   * each yes-or-no how many said yes — every number only when it may be shown (`showable`).
   * For members only.
   */
  async summary(viewer: Viewer, slug: string): Promise<SummaryView> {
    const { community } = await this.member(viewer, slug);
    return this.summaryOf(community);
  }

  private async historyIn(viewer: SignedInViewer, { community, membership }: Access): Promise<History> {
    const rows = await repo.listCheckins(this.db, viewer.accountId, community.id, HISTORY_LIMIT);
    return {
      template: templateOf(community.charter.checkinTemplate),
      items: rows.map((r) => ({ id: r.id, day: r.day, values: r.answers, shared: r.shared })),
      community: { slug: community.slug, name: community.name },
      isMember: membership?.status === "member",
    };
  }

  private async summaryOf(community: Access["community"]): Promise<SummaryView> {
    const template = templateOf(community.charter.checkinTemplate);
    const rows = await repo.sharedSince(this.db, community.id, daysBefore(today(), SUMMARY_DAYS - 1));
    const members = rows.length;
    const enough = members >= SUMMARY_MINIMUM;
    const fields = template.fields.flatMap((field) => {
      if (field.type !== "scale" && field.type !== "boolean") return [];
      const count = (test: (latest: CheckinAnswers, previous: CheckinAnswers | null) => boolean) => rows.filter((r) => test(r.latest, r.previous)).length;
      const value = (answers: CheckinAnswers | null) => answers?.[field.id];
      const up = field.type === "scale" ? count((l, p) => typeof value(p) === "number" && (value(l) as number) > (value(p) as number)) : 0;
      const down = field.type === "scale" ? count((l, p) => typeof value(p) === "number" && (value(l) as number) < (value(p) as number)) : 0;
      const yes = field.type === "boolean" ? count((l) => value(l) === true) : 0;
      return [
        {
          id: field.id,
          label: field.label,
          type: field.type,
          up: enough && field.type === "scale" ? showable(up, members) : null,
          down: enough && field.type === "scale" ? showable(down, members) : null,
          yes: enough && field.type === "boolean" ? showable(yes, members) : null,
        },
      ];
    });
    return { days: SUMMARY_DAYS, members: enough ? members : null, general: template.general, fields };
  }
}
