/**
 * Seeds a clearly labelled demo community into an empty embedded database, so a
 * newcomer sees a living product after `npm start`. It runs once: a host who then
 * deletes the demo does not get it back.
 */
import { AppError } from "../shared/errors.ts";
import type { ForksService } from "../forks/forks.service.ts";
import { randomBytes } from "node:crypto";
import type { Db } from "../db/connection.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { DiscussionService } from "../discussion/discussion.service.ts";
import type { CliniciansService } from "../clinicians/clinicians.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import type { ModerationService } from "../moderation/moderation.service.ts";
import type { FollowsService } from "../follows/follows.service.ts";
import { seedDemoFollows } from "./demo-follows.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { DEMO_PROPOSAL, DEMO_WELCOME, DEMO_WELCOME_THREAD, DEMO_CLINICIAN, DEMO_COMMUNITY, DEMO_FORK, DEMO_PEOPLE, DEMO_REPORT, DEMO_SPACES, DEMO_THREADS } from "./demo-content.ts";
import * as repo from "./demo.repo.ts";
import type { CheckinsService } from "../checkins/checkins.service.ts";
import type { ParticipationService } from "../participation/participation.service.ts";
import { seedDemoCheckins } from "./demo-checkins.ts";
import { seedDemoPoll } from "./demo-polls.ts";
import { seedDemoEvents } from "./demo-events.ts";
import type { MeetupsService } from "../meetups/meetups.service.ts";
import type { PollsService } from "../polls/polls.service.ts";
import type { GlossaryService } from "../glossary/glossary.service.ts";
import { seedDemoSafety } from "./demo-safety.ts";
import { seedDemoQuestions } from "./demo-questions.ts";
import type { ExpertiseService } from "../questions/expertise.service.ts";
import type { QuestionsService } from "../questions/questions.service.ts";
import type { ReactionsService } from "../reactions/reactions.service.ts";
import type { LearningLogService } from "../learning-log/learning-log.service.ts";
import { seedDemoLearningLog } from "./demo-learning-log.ts";

/**
 * Features the demo shows, each seeded through its own service: moderation (the open report,
 * DEMO_REPORT), follows (demo-follows.ts), check-ins (demo-checkins.ts), participation (the
 * welcome thread), polls (demo-polls.ts), events (demo-events.ts), the glossary (demo-safety.ts) and
 * the edge network (demo-questions.ts).
 */
export type DemoParts = {
  moderation?: ModerationService;
  follows?: FollowsService;
  checkins?: CheckinsService;
  participation?: ParticipationService;
  polls?: PollsService;
  meetups?: MeetupsService;
  glossary?: GlossaryService;
  forks?: ForksService;
  expertise?: ExpertiseService;
  questions?: QuestionsService;
  reactions?: ReactionsService;
  learningLog?: LearningLogService;
};

export class DemoService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly communities: CommunitiesService,
    private readonly discussion: DiscussionService,
    /** Built with the demo seed's own verifier (demo-verifier.ts): only the made-up clinician applies through it. */
    private readonly clinicians: CliniciansService,
    private readonly personas: PersonasService,
    /** The features whose part of the demo it seeds; a feature left out has none (tests leave some out). */
    private readonly parts: DemoParts = {},
  ) {}

  private cached: { value: boolean; until: number } | null = null;

  /** Whether this server shows demo content (every page then says so). Cached briefly: every page asks. */
  async isShowingDemo(): Promise<boolean> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.value;
    const value = await repo.hasDemoCommunity(this.db);
    this.cached = { value, until: Date.now() + 10_000 };
    return value;
  }

  /** Seeds the demo when the database has no community and has never been seeded. Returns whether it did. */
  async seedIfEmpty(): Promise<boolean> {
    if ((await repo.readSetting(this.db, "demo_seeded")) || (await repo.hasAnyCommunity(this.db))) return false;
    const people: Viewer[] = [];
    for (const person of DEMO_PEOPLE) {
      // A seed cut short (the process stopped half-way) left its people behind: reuse them.
      const existing = await this.accounts.accountIdOf(person.username);
      // Nobody can sign in as a demo person: the password is random and thrown away.
      const id = existing ?? (await this.accounts.signUp({ username: person.username, displayName: person.displayName, password: randomBytes(24).toString("base64url"), carer: person.carer }, "")).id;
      people.push(await this.accounts.viewerForAccount(id));
    }
    const owner = people[0]!;
    const community = await this.communities.create(owner, DEMO_COMMUNITY);
    await repo.markCommunityAsDemo(this.db, community.id);
    for (const space of DEMO_SPACES) await this.communities.createSpace(owner, community.slug, space);
    for (const person of people.slice(1)) await this.communities.join(person, community.slug);
    const threads = new Map<string, string>();
    for (const thread of DEMO_THREADS) {
      const author = people[thread.author]!;
      const { id } = await this.discussion.createThread(author, community.slug, thread.space, { ...thread, title: thread.firstTitle ?? thread.title, language: "en" });
      if (thread.firstTitle) await this.discussion.editThreadTitle(author, id, { title: thread.title });
      threads.set(thread.title, id);
      for (const reply of thread.replies) await this.discussion.reply(people[reply.author]!, id, { body: reply.body, language: reply.language ?? "en" });
    }
    await this.seedClinician(community.slug, threads.get(DEMO_CLINICIAN.replyTo)!);
    const { moderation, follows, checkins, participation, polls, glossary } = this.parts;
    if (moderation) {
      const reported = await this.discussion.reply(people[DEMO_REPORT.author]!, threads.get(DEMO_REPORT.thread)!, { body: DEMO_REPORT.reply, language: "en" });
      await moderation.report(people[DEMO_REPORT.reporter]!, { targetType: "post", targetId: reported.id, reason: DEMO_REPORT.reason, details: DEMO_REPORT.details });
    }
    await seedDemoFollows(follows, people, community.slug, threads);
    if (participation) {
      await participation.setWelcomeThread(owner, community.slug, threads.get(DEMO_WELCOME_THREAD)!);
      // The newcomer's hello was welcomed with one tap too (a second run writes nothing: once per welcomer and newcomer).
      const newcomer = people[DEMO_WELCOME.newcomer]!;
      const face = isSignedIn(newcomer) ? newcomer.personas.find((p) => p.kind === "personal") : undefined;
      if (face) await participation.welcome(people[DEMO_WELCOME.by]!, community.slug, face.id);
    }
    if (checkins) await seedDemoCheckins(checkins, [...people, await this.accounts.viewerForAccount((await this.accounts.accountIdOf(DEMO_CLINICIAN.username))!)], community.slug);
    if (polls) await seedDemoPoll(polls, people, threads);
    if (this.parts.meetups) await seedDemoEvents(this.parts.meetups, people, community.slug);
    await seedDemoSafety({ discussion: this.discussion, ...(glossary ? { glossary } : {}) }, owner, people, community.slug);
    const { expertise, questions, reactions, learningLog } = this.parts;
    if (expertise && questions) {
      const nurse = await this.accounts.viewerForAccount((await this.accounts.accountIdOf(DEMO_CLINICIAN.username))!);
      await seedDemoQuestions({ expertise, questions, reactions, learningLog }, owner, people, nurse, community.slug);
    }
    if (this.parts.forks) {
      await this.seedFork(this.parts.forks, owner, people, community.slug);
      await this.seedProposal(this.parts.forks, people, community.slug);
    }
    await repo.writeSetting(this.db, "demo_seeded", true);
    this.cached = null;
    return true;
  }

  /** A fork for carers (ADR 43): lineage on both sides, and words carried only as each author chose. */
  private async seedFork(forks: ForksService, owner: Viewer, people: Viewer[], slug: string) {
    for (const [index, choice] of Object.entries(DEMO_FORK.travel)) await forks.setTravelWithForks(people[Number(index)]!, choice);
    if (await this.communities.bySlug(DEMO_FORK.slug)) return; // a seed cut short already made it
    // A host where only administrators start communities, or where managers need a second factor, gets no demo fork.
    if (!this.communities.mayCreate(owner)) return;
    const made = await forks.fork(owner, slug, DEMO_FORK).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 403) return null;
      throw error;
    });
    if (!made) return;
    const fork = await this.communities.bySlug(made.slug);
    if (fork) await repo.markCommunityAsDemo(this.db, fork.id);
  }

  /** A fork members are proposing together (ADR 48), one signature short of being made. */
  private async seedProposal(forks: ForksService, people: Viewer[], slug: string) {
    if ((await forks.proposals(people[DEMO_PROPOSAL.by]!, slug)).some((p) => p.slug === DEMO_PROPOSAL.slug)) return; // a seed cut short made it
    const { id } = await forks.propose(people[DEMO_PROPOSAL.by]!, slug, { slug: DEMO_PROPOSAL.slug, name: DEMO_PROPOSAL.name, spaces: [...DEMO_PROPOSAL.spaces] });
    for (const signer of DEMO_PROPOSAL.signedBy) await forks.sign(people[signer]!, id);
  }

  /** The made-up nurse: verified by the demo seed, answering once as an anonymous clinician persona. */
  private async seedClinician(slug: string, threadId: string) {
    const existing = await this.accounts.accountIdOf(DEMO_CLINICIAN.username);
    const id = existing ?? (await this.accounts.signUp({ username: DEMO_CLINICIAN.username, password: randomBytes(24).toString("base64url"), carer: false }, "")).id;
    const signedIn = async () => {
      const viewer = await this.accounts.viewerForAccount(id);
      if (!isSignedIn(viewer)) throw new Error("The demo clinician's account is not active.");
      return viewer;
    };
    if (!(await signedIn()).isVerifiedClinician) await this.clinicians.apply(await signedIn(), DEMO_CLINICIAN.application);
    const mine = (await signedIn()).personas.find((p) => p.kind === "anonymous_professional");
    const anonymous = mine ?? (await this.personas.create(await signedIn(), { kind: "anonymous_professional", capacity: DEMO_CLINICIAN.capacity }));
    const viewer = await signedIn();
    await this.communities.join(viewer, slug);
    const answer = await this.discussion.reply(viewer, threadId, { body: DEMO_CLINICIAN.reply, personaId: anonymous.id, language: "en" });
    if (this.parts.learningLog) await seedDemoLearningLog(this.parts.learningLog, viewer, answer.id);
  }
}
