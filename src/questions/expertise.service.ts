/**
 * Expertise (issue 14, part 1; ADR 49): what one persona says it knows and on what basis, whether
 * questions may be routed to it and how many a week; members endorsing an expert patient; and a
 * community's topic vocabulary with its synonyms. Expertise is set per persona, so an anonymous
 * clinician persona holds its own and nothing of it is copied from, or shown beside, the account
 * or another persona.
 */
import type { Db } from "../db/connection.ts";
import type { ExpertiseBasis } from "../db/schema.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import { chooseAuthor } from "../shared/authorship.ts";
import { AppError, invalid, forbidden, notFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId } from "../shared/ids.ts";
import { QUESTION_LIMITS } from "../shared/limits.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { normaliseName } from "../shared/text.ts";
import { isSignedIn, type SignedInViewer, type Viewer } from "../shared/viewer.ts";
import { checkTopics, topicKey } from "./topics.ts";
import * as repo from "./expertise.repo.ts";
import { isLived, presentOwnExpertise, presentPublicExpertise, presentTopic, type OwnExpertiseView, type PublicExpertiseView, type TopicView } from "./expertise.presenter.ts";

export type { OwnExpertiseView, PublicExpertiseView, TopicView } from "./expertise.presenter.ts";

export type ExpertiseInput = { topics: string[]; basis: ExpertiseBasis; personaId?: string; routing?: boolean; weeklyLimit?: number };
export type TopicInput = { label: string; synonyms?: string[]; conditionCode?: string | null };

const isClinicianPersona = (viewer: SignedInViewer, personaId: string) => viewer.personas.some((p) => p.id === personaId && p.kind !== "personal") && viewer.isVerifiedClinician;

export class ExpertiseService {
  constructor(
    private readonly db: Db,
    private readonly communities: CommunitiesService,
    private readonly personas: PersonasService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Each of the viewer's personas with what it says it knows. */
  async mine(viewer: Viewer): Promise<OwnExpertiseView[]> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const own = (await this.personas.listOwn(viewer.accountId)).filter((p) => p.status === "active");
    const rows = await repo.expertiseOf(this.db, own.map((p) => p.id));
    return own.map((p) => presentOwnExpertise(p.view, rows.get(p.id), isClinicianPersona(viewer, p.id)));
  }

  /**
   * Sets one persona's expertise (the personal one unless `personaId` names another of the
   * viewer's): 1 to 20 topics, none empty, over-long or twice; a clinical basis only on a
   * clinician persona with a current badge. Everything is checked before anything is written.
   */
  async set(viewer: Viewer, input: ExpertiseInput): Promise<OwnExpertiseView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const personaId = chooseAuthor(viewer, input.personaId);
    const topics = checkTopics("topics", input.topics, { min: 1, max: QUESTION_LIMITS.expertiseTopics });
    if (input.basis !== "lived" && !isClinicianPersona(viewer, personaId)) throw invalid("basis", msg("problem.expertise.clinicalNeedsBadge"));
    const limit = input.weeklyLimit ?? QUESTION_LIMITS.weeklyLimit.default;
    if (!Number.isInteger(limit) || limit < QUESTION_LIMITS.weeklyLimit.min || limit > QUESTION_LIMITS.weeklyLimit.max) {
      throw invalid("weeklyLimit", msg("problem.expertise.weeklyLimit", { min: String(QUESTION_LIMITS.weeklyLimit.min), max: String(QUESTION_LIMITS.weeklyLimit.max) }));
    }
    await this.db.transaction().execute((trx) => repo.replaceExpertise(trx, { persona_id: personaId, basis: input.basis, routing: input.routing ?? true, weekly_limit: limit, topics }, this.now()));
    return (await this.mine(viewer)).find((p) => p.persona.id === personaId)!;
  }

  /** Clears one persona's expertise: nothing is routed to it from now on (endorsements stay with the persona). */
  async clear(viewer: Viewer, personaId?: string): Promise<void> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    await repo.deleteExpertise(this.db, chooseAuthor(viewer, personaId));
  }

  /** What a persona's page shows of its expertise; null when it declared none. */
  async ofPersona(viewer: Viewer, personaId: string): Promise<PublicExpertiseView | null> {
    if (!isId(personaId)) return null;
    const row = (await repo.expertiseOf(this.db, [personaId])).get(personaId);
    if (!row) return null;
    const counts = (await repo.endorsementCounts(this.db, [personaId])).get(personaId);
    const own = isSignedIn(viewer) && viewer.personas.some((p) => p.id === personaId);
    const endorses = isSignedIn(viewer) && (await repo.endorses(this.db, personaId, viewer.accountId));
    return presentPublicExpertise(row, counts, { endorses, mayEndorse: isSignedIn(viewer) && !own && isLived(row.basis) });
  }

  /** The 404 for a persona that declared no expertise (or does not exist: the same answer). */
  noExpertise(): never {
    throw notFound(msg("error.notFound.expertise"));
  }

  /**
   * Endorses an expert patient's persona, as one of the viewer's personas (a verified clinician's
   * counts as a clinician's). Once per account; yourself, or a persona that declared no lived
   * expertise, is a 400; a persona that does not exist a 404.
   */
  async endorse(viewer: Viewer, personaId: string, as?: string): Promise<PublicExpertiseView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const endorser = chooseAuthor(viewer, as);
    const target = await this.activeExpert(personaId);
    if (target.account_id === viewer.accountId) throw invalid("personaId", msg("problem.expertise.endorseSelf"));
    if (!isLived(target.basis)) throw invalid("personaId", msg("problem.expertise.endorseLivedOnly"));
    const inserted = await repo.insertEndorsement(this.db, { persona_id: target.id, endorser_account_id: viewer.accountId, endorser_persona_id: endorser, by_clinician: isClinicianPersona(viewer, endorser) });
    if (!inserted) throw new AppError("already_endorsed", 409, msg("error.expertise.alreadyEndorsed"));
    return (await this.ofPersona(viewer, target.id))!;
  }

  async unendorse(viewer: Viewer, personaId: string): Promise<void> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!isId(personaId) || !(await repo.deleteEndorsement(this.db, personaId, viewer.accountId))) throw notFound(msg("error.notFound.endorsement"));
  }

  private async activeExpert(personaId: string) {
    const owner = await this.personas.ownerOf(personaId);
    if (!owner || owner.status !== "active") throw notFound(msg("error.notFound.persona"));
    const row = (await repo.expertiseOf(this.db, [owner.id])).get(owner.id);
    if (!row) throw invalid("personaId", msg("problem.expertise.endorseLivedOnly"));
    return { ...owner, basis: row.basis };
  }

  /** A community's topics with their synonyms, for anyone who may see the community. */
  async vocabulary(viewer: Viewer, slug: string): Promise<{ topics: TopicView[]; can: { manage: boolean } }> {
    const { community, membership } = await this.communities.access(viewer, slug);
    const rows = await repo.vocabulary(this.db, community.id, QUESTION_LIMITS.vocabulary);
    return { topics: rows.map(presentTopic), can: { manage: this.communities.manages(membership) } };
  }

  /**
   * Adds or replaces a topic of the community's vocabulary (owners and moderators): its label,
   * its synonyms (each a key no other topic or synonym here has), and a condition of the charter.
   */
  async setTopic(viewer: Viewer, slug: string, typedKey: string, input: TopicInput): Promise<TopicView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const key = checkTopics("key", [typedKey], { min: 1, max: 1 })[0]!;
    const label = normaliseName("label", input.label, { max: QUESTION_LIMITS.topic, empty: msg("problem.topics.empty") });
    const synonyms = checkTopics("synonyms", input.synonyms ?? [], { min: 0, max: QUESTION_LIMITS.synonyms });
    if (synonyms.includes(key)) throw invalid("synonyms", msg("problem.topics.synonymIsTopic"));
    const { community, membership } = await this.communities.access(viewer, slug);
    if (!this.communities.manages(membership)) throw forbidden(msg("error.questions.vocabularyManagersOnly"));
    requireSecondFactorFor(viewer);
    const conditionCode = input.conditionCode?.trim() || null;
    if (conditionCode && !community.charter.conditions.some((c) => c.code === conditionCode.toUpperCase() || c.code === conditionCode)) {
      throw invalid("conditionCode", msg("problem.topics.unknownCondition"));
    }
    const taken = await repo.keysInUse(this.db, community.id, [key, ...synonyms], key);
    if (taken.length > 0) throw invalid("synonyms", msg("problem.topics.taken", { topic: taken[0]! }));
    const isNew = !(await repo.labelsOf(this.db, community.id, [key])).has(key);
    if (isNew && (await repo.countTopics(this.db, community.id)) >= QUESTION_LIMITS.vocabulary) {
      throw invalid("key", msg("problem.topics.tooMany", { max: String(QUESTION_LIMITS.vocabulary) }));
    }
    const topic = { key, label, conditionCode: conditionCode?.toUpperCase() ?? null, synonyms };
    await this.db.transaction().execute((trx) => repo.replaceTopic(trx, community.id, topic));
    return { key, label, conditionCode: topic.conditionCode, synonyms };
  }

  async removeTopic(viewer: Viewer, slug: string, typedKey: string): Promise<void> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { community, membership } = await this.communities.access(viewer, slug);
    if (!this.communities.manages(membership)) throw forbidden(msg("error.questions.vocabularyManagersOnly"));
    requireSecondFactorFor(viewer);
    if (!(await repo.deleteTopic(this.db, community.id, topicKey("key", typedKey)))) throw notFound(msg("error.notFound.topic"));
  }

  /** The keys of these topics in the community's vocabulary: a synonym becomes its topic; duplicates after that are dropped. */
  async canonical(communityId: string, keys: string[]): Promise<string[]> {
    const mapped = await repo.canonicalTopics(this.db, communityId, keys);
    return [...new Set(keys.map((k) => mapped.get(k) ?? k))];
  }

  /** The community's labels for these topic keys (a key with no label shows as itself). */
  async labels(communityId: string, keys: string[]): Promise<Map<string, string>> {
    return repo.labelsOf(this.db, communityId, keys);
  }

  /** Whether this persona declared lived expertise: its answers count as an expert patient's. */
  async isExpertPatient(personaId: string): Promise<boolean> {
    const row = (await repo.expertiseOf(this.db, [personaId])).get(personaId);
    return row ? isLived(row.basis) : false;
  }
}
