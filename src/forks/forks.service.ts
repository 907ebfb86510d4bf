/**
 * Forks (issue 12, ADR 43): an owner or moderator forks a community on this server — the
 * charter copied, the chosen spaces made again, the forker its owner — and content goes only
 * with its authors' consent: each member's default (yes, ask — until they choose — or no)
 * decides at the fork; those who said "ask" are asked, and their words follow when they say
 * yes. The lineage is kept and shown on both sides; the parent's members are invited, never
 * made members.
 */
import type { Db } from "../db/connection.ts";
import type { CommunitiesService, ForkedBy, ForkInput } from "../communities/communities.service.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import type { EventBus } from "../events/event-bus.ts";
import { conflict, invalid, notFound, notSignedIn, orNotFound } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import * as repo from "./forks.repo.ts";
import { DEFAULT_TRAVEL_CHOICE, isTravelChoice, TRAVEL_CHOICES, type TravelChoice } from "./travel-choice.ts";
import { carry } from "./carry.ts";
import { presentLineage, presentConsent, type ConsentView, type LineageView, type AskedView } from "./forks.presenter.ts";
import { presentProposal, type ProposalView } from "./proposals.presenter.ts";

export type { TravelChoice } from "./travel-choice.ts";
export type { ConsentView, LineageView, AskedView } from "./forks.presenter.ts";
export type { ProposalView } from "./proposals.presenter.ts";

const ANSWERS = ["yes", "no"] as const;

export class ForksService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly communities: CommunitiesService,
    /** For members' fork proposals (ADR 48): the proposer who becomes the fork's owner, and sanctions. */
    private readonly accounts?: AccountsService,
    private readonly moderation?: ModerationService,
  ) {}

  /**
   * Forks the community: one transaction for the community, its spaces, the lineage, every
   * author's consent as it stands now and what may be carried at once. Answers the fork's slug.
   */
  async fork(viewer: Viewer, parentSlug: string, input: ForkInput): Promise<{ slug: string }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const made = await this.db.transaction().execute((trx) => this.makeFork(trx, viewer, parentSlug, input, "managers"));
    return { slug: made.slug };
  }

  /**
   * Proposes a fork that members make together (ADR 48), where the charter sets forkSignatures:
   * checked now as the fork will be, and signed by its proposer. Answers the proposal as the viewer sees it.
   */
  async propose(viewer: Viewer, parentSlug: string, input: ForkInput): Promise<ProposalView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await this.moderation?.refuseIfSanctioned(viewer, (await this.communities.access(viewer, parentSlug)).community.id);
    const checked = await this.communities.checkForkProposal(viewer, parentSlug, input);
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      await repo.insertProposal(trx, { id, community_id: checked.parentId, proposer_account_id: viewer.accountId, slug: checked.slug, name: checked.name, purpose: checked.purpose, spaces: checked.spaces });
      await repo.insertSignature(trx, id, viewer.accountId);
    });
    return (await this.proposals(viewer, parentSlug)).find((p) => p.id === id)!;
  }

  /**
   * Signs a proposal as a member of its community (once per account, whichever persona). The
   * signature that reaches the charter's number makes the fork, in the same transaction, with the
   * proposer as its owner; a slug taken since is a 409 and the proposal waits.
   */
  async sign(viewer: Viewer, proposalId: string): Promise<ProposalView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const proposal = isId(proposalId) ? await repo.findProposal(this.db, proposalId) : undefined;
    const community = proposal ? await this.communities.nameOf(proposal.community_id) : null;
    if (!proposal || !community) throw notFound(msg("error.notFound.forkProposal"));
    const { membership, community: parent } = await this.communities.access(viewer, community.slug).catch(orNotFound(msg("error.notFound.forkProposal")));
    if (membership?.status !== "member") throw notFound(msg("error.notFound.forkProposal"));
    await this.moderation?.refuseIfSanctioned(viewer, parent.id);
    if (proposal.fork_community_id) throw conflict("already_forked", msg("error.fork.proposalDone"));
    // Looked up before the transaction: the embedded database has one connection, which the transaction holds.
    const proposer = await this.accounts?.viewerForAccount(proposal.proposer_account_id);
    await this.db.transaction().execute(async (trx) => {
      await repo.lockProposal(trx, proposal.id);
      await repo.insertSignature(trx, proposal.id, viewer.accountId);
      const signed = await repo.signatureCount(trx, proposal.id);
      const needed = parent.charter.forkSignatures;
      if (!needed || signed < needed || (await repo.findProposal(trx, proposal.id))?.fork_community_id) return;
      if (!proposer || !isSignedIn(proposer)) return; // its proposer is gone: it waits, and nobody owns a fork they did not ask for
      const made = await this.makeFork(trx, proposer, community.slug, { slug: proposal.slug, name: proposal.name, purpose: proposal.purpose ?? "", spaces: proposal.spaces }, "signatures");
      await repo.markProposalForked(trx, proposal.id, made.id);
    });
    return (await this.proposals(viewer, community.slug)).find((p) => p.id === proposal.id)!;
  }

  /** A community's fork proposals, for its members: newest first, with signatures counted (never who signed) and whether the viewer did. */
  async proposals(viewer: Viewer, slug: string): Promise<ProposalView[]> {
    const { community, membership } = await this.communities.access(viewer, slug);
    if (!isSignedIn(viewer) || membership?.status !== "member") return [];
    const rows = await repo.proposalsOf(this.db, community.id, viewer.accountId);
    const forks = await this.communities.seeable(viewer, rows.flatMap((r) => (r.fork_community_id ? [r.fork_community_id] : [])));
    return rows.map((r) => presentProposal(r, community.charter.forkSignatures ?? null, r.fork_community_id ? (forks.get(r.fork_community_id) ?? null) : null));
  }

  private async makeFork(trx: Db, viewer: SignedInViewer, parentSlug: string, input: ForkInput, by: ForkedBy): Promise<{ slug: string; id: string }> {
    {
      const fork = await this.communities.foundFork(viewer, parentSlug, input, trx, by);
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
      return { slug: fork.slug, id: fork.id };
    }
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
