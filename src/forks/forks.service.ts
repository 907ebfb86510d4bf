/**
 * Forks (issue 12, ADR 43): an owner or moderator forks a community on this server — the
 * charter copied, the chosen spaces made again, the forker its owner — and content goes only
 * with its authors' consent: each member's default (yes, ask — until they choose — or no)
 * decides at the fork; those who said "ask" are asked, and their words follow when they say
 * yes. The lineage is kept and shown on both sides; the parent's members are invited, never
 * made members.
 */
import type { Db } from "../db/connection.ts";
import type { CommunitiesService, ForkInput } from "../communities/communities.service.ts";
import type { EventBus } from "../events/event-bus.ts";
import { invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as repo from "./forks.repo.ts";
import { DEFAULT_TRAVEL_CHOICE, isTravelChoice, TRAVEL_CHOICES, type TravelChoice } from "./travel-choice.ts";
import { carry } from "./carry.ts";
import { presentLineage, presentConsent, type ConsentView, type LineageView, type AskedView } from "./forks.presenter.ts";

export type { TravelChoice } from "./travel-choice.ts";
export type { ConsentView, LineageView, AskedView } from "./forks.presenter.ts";

const ANSWERS = ["yes", "no"] as const;

export class ForksService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly communities: CommunitiesService,
  ) {}

  /**
   * Forks the community: one transaction for the community, its spaces, the lineage, every
   * author's consent as it stands now and what may be carried at once. Answers the fork's slug.
   */
  async fork(viewer: Viewer, parentSlug: string, input: ForkInput): Promise<{ slug: string }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.db.transaction().execute(async (trx) => {
      const fork = await this.communities.foundFork(viewer, parentSlug, input, trx);
      const sourceSpaces = [...fork.spaces.keys()];
      const point = await repo.newestPostIn(trx, sourceSpaces);
      await repo.insertLineage(trx, {
        community_id: fork.id,
        parent_community_id: fork.parent.id,
        forked_by_account_id: viewer.accountId,
        carried_through_post_id: point?.id ?? null,
      });
      await repo.insertForkSpaces(trx, fork.id, fork.spaces);
      if (point) {
        // Each author's default now decides: a default changed to "no" before this moment keeps everything of theirs out.
        const authors = [...new Set((await repo.sourcePosts(trx, sourceSpaces, fork.id)).map((p) => p.account_id))];
        const choices = await this.travelChoicesOf(authors, trx);
        await repo.insertConsents(trx, fork.id, authors.map((account_id) => {
          const choice = choices.get(account_id)!;
          return { account_id, answer: choice === "ask" ? null : choice, asked: choice === "ask" };
        }));
        await carry(trx, fork.id);
      }
      await this.events.publish(trx, { type: "fork.created", communityId: fork.id });
      return { slug: fork.slug };
    });
  }

  /** Whom a new fork tells (the outcome job): those asked about their words, and the parent's members, invited. */
  async noticesFor(forkId: string): Promise<{ asked: string[]; invited: string[]; at: Date } | null> {
    const lineage = await repo.findLineage(this.db, forkId);
    if (!lineage) return null;
    const asked = (await repo.consentsOf(this.db, forkId)).filter((c) => c.asked && c.answer === null).map((c) => c.account_id);
    const members = lineage.parent_community_id ? await repo.memberAccountsOf(this.db, lineage.parent_community_id) : [];
    return { asked, invited: members.filter((id) => id !== lineage.forked_by_account_id), at: lineage.forked_at };
  }

  /**
   * Where the community came from and its forks, as the viewer may see them: a parent or a
   * fork hidden from the viewer is left out, so neither the list nor its length tells of it.
   * A community that came in an archive also says the servers it moved from, and a parent on
   * another server is named with that server, never linked to a community here (ADR 46).
   */
  async lineage(viewer: Viewer, slug: string): Promise<LineageView> {
    const { community } = await this.communities.access(viewer, slug);
    const own = await repo.findLineage(this.db, community.id);
    const forks = await repo.listForksOf(this.db, community.id);
    const seen = await this.communities.seeable(viewer, [...(own?.parent_community_id ? [own.parent_community_id] : []), ...forks.map((f) => f.community_id)]);
    return presentLineage(own, forks, seen, await repo.movesOf(this.db, community.id));
  }

  /** The forks that asked the viewer about their words, with their answer so far (for their settings page). */
  async asked(viewer: Viewer): Promise<AskedView[]> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return (await repo.askedOf(this.db, viewer.accountId)).map((r) => ({ fork: { slug: r.slug, name: r.name }, answer: r.answer }));
  }

  /**
   * What of the viewer's would go with this fork, and their answer so far; a 404 for anyone the
   * fork did not ask (so the page tells nobody else that the fork exists).
   */
  async consent(viewer: Viewer, forkSlug: string): Promise<ConsentView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const found = await this.askedAbout(viewer.accountId, forkSlug);
    const spaces = (await repo.forkSpaces(this.db, found.fork.id)).map((s) => s.source_space_id);
    const posts = found.lineage.carried_through ? await repo.sourcePosts(this.db, spaces, found.fork.id, viewer.accountId) : [];
    const parent = found.lineage.parent_community_id ? (await this.communities.nameOf(found.lineage.parent_community_id)) : null;
    return presentConsent(found.fork, parent, found.answer, posts);
  }

  /**
   * The viewer's answer: "yes" carries their words now, in this transaction (again is harmless);
   * "no" keeps them out. A yes is final: what was carried is theirs to edit or delete in the fork.
   */
  async answer(viewer: Viewer, forkSlug: string, answer: unknown): Promise<ConsentView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (typeof answer !== "string" || !(ANSWERS as readonly string[]).includes(answer)) throw invalid("travel", msg("problem.mustBeOneOf", { options: ANSWERS.join(", ") }));
    const found = await this.askedAbout(viewer.accountId, forkSlug);
    if (found.answer !== "yes") {
      await this.db.transaction().execute(async (trx) => {
        await repo.answerConsent(trx, found.fork.id, viewer.accountId, answer as "yes" | "no");
        if (answer === "yes") await carry(trx, found.fork.id);
      });
    }
    return this.consent(viewer, forkSlug);
  }

  private async askedAbout(accountId: string, forkSlug: string) {
    const fork = await this.communities.bySlug(forkSlug);
    const lineage = fork ? await repo.findLineage(this.db, fork.id) : undefined;
    const row = fork ? await repo.findConsent(this.db, fork.id, accountId) : undefined;
    if (!fork || !lineage || !row?.asked) throw notFound(msg("error.notFound.forkConsent"));
    return { fork, lineage, answer: row.answer };
  }

  /** The viewer's default: yes, ask or no. */
  async travelWithForks(viewer: Viewer): Promise<TravelChoice> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return (await repo.travelChoiceOf(this.db, viewer.accountId)) ?? DEFAULT_TRAVEL_CHOICE;
  }

  /** Sets the viewer's default; anything but yes, ask or no is a 400 naming travelWithForks. */
  async setTravelWithForks(viewer: Viewer, choice: unknown): Promise<TravelChoice> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!isTravelChoice(choice)) throw invalid("travelWithForks", msg("problem.mustBeOneOf", { options: TRAVEL_CHOICES.join(", ") }));
    await repo.setTravelChoice(this.db, viewer.accountId, choice);
    return choice;
  }

  /** Each account's default (ask for those that never chose), for a fork or an archive deciding whose words go. */
  async travelChoicesOf(accountIds: readonly string[], db: Db = this.db): Promise<Map<string, TravelChoice>> {
    const chosen = new Map((await repo.travelChoicesOf(db, accountIds)).map((row) => [row.account_id, row.choice] as const));
    return new Map(accountIds.map((id) => [id, chosen.get(id) ?? DEFAULT_TRAVEL_CHOICE]));
  }
}
