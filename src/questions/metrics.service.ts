/**
 * A community's response times to questions (issue 14 part 4, ADR 51): how long the first answer
 * takes (median and 90th percentile), and the share of questions answered within 24 hours, in all
 * and by clinicians and by expert patients. Anyone who may see the community sees the figures over
 * its public questions, small numbers withheld; its owners and moderators also see them over every
 * space. A community the viewer may not see is the same 404 as one that does not exist.
 */
import type { Db } from "../db/connection.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import { secondFactorAllows } from "../shared/second-factor.ts";
import type { Viewer } from "../shared/viewer.ts";
import { countQuestions } from "./metrics.repo.ts";
import { presentFigures, WINDOW_DAYS, type QuestionMetricsView } from "./metrics.presenter.ts";

const DAY = 24 * 3600_000;

export class QuestionMetricsService {
  constructor(
    private readonly db: Db,
    private readonly communities: CommunitiesService,
  ) {}

  /** The figures of the last WINDOW_DAYS days at `now`, as the viewer may see them. */
  async metrics(viewer: Viewer, slug: string, now = new Date()): Promise<QuestionMetricsView> {
    const { community, membership } = await this.communities.access(viewer, slug);
    const window = { since: new Date(now.getTime() - WINDOW_DAYS * DAY), now, dayAgo: new Date(now.getTime() - DAY) };
    const manages = this.communities.manages(membership);
    // A role-only read: with HEARTH_REQUIRE_2FA it waits for two-step sign-in (ADR 23); the public figures stay.
    const seesAll = manages && secondFactorAllows(viewer);
    const publicCounts = await countQuestions(this.db, community.id, window, true);
    const allCounts = seesAll ? await countQuestions(this.db, community.id, window, false) : null;
    return {
      community: { slug: community.slug, name: community.name },
      window: { days: WINDOW_DAYS, from: window.since.toISOString(), to: now.toISOString() },
      public: presentFigures(publicCounts, true),
      all: allCounts ? presentFigures(allCounts, false) : null,
      allNeedsSecondFactor: manages && !seesAll,
    };
  }
}
