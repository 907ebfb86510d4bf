/**
 * A community's glossary (issue 11, part 6; ADR 39): terms with plain-language
 * definitions, read by anyone who may see the community, kept by its owners and
 * moderators, and marked where they appear in posts (src/shared/glossary-marks.ts).
 */
import type { Db } from "../db/connection.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import { invalid, notFound, forbidden, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { newId, isId } from "../shared/ids.ts";
import { checkSafeText, normaliseName } from "../shared/text.ts";
import { normaliseForMatch } from "../shared/condition-content.ts";
import { GLOSSARY_LIMITS } from "../shared/limits.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as repo from "./glossary.repo.ts";
import { presentTerm, type GlossaryTermView, type GlossaryView } from "./glossary.presenter.ts";

export type { GlossaryTermView, GlossaryView } from "./glossary.presenter.ts";

export class GlossaryService {
  constructor(
    private readonly db: Db,
    private readonly communities: CommunitiesService,
  ) {}

  /** The glossary of a community the viewer can see; the same 404 as the community's own where they cannot. */
  async glossary(viewer: Viewer, slug: string): Promise<GlossaryView> {
    const { community, membership } = await this.communities.access(viewer, slug);
    const rows = await repo.listTerms(this.db, community.id, GLOSSARY_LIMITS.terms);
    return { community: { slug: community.slug, name: community.name }, terms: rows.map(presentTerm), can: { manage: this.communities.manages(membership) } };
  }

  /** Adds a term (owners and moderators). The same term twice, ignoring case and spacing, is a 400 naming `term`; nothing is written. */
  async addTerm(viewer: Viewer, slug: string, input: { term: string; definition: string }): Promise<GlossaryTermView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const term = normaliseName("term", input.term, { max: GLOSSARY_LIMITS.term, empty: msg("problem.glossary.term") });
    const definition = checkSafeText("definition", input.definition).normalize("NFKC").trim();
    if (!definition) throw invalid("definition", msg("problem.glossary.definition"));
    if (definition.length > GLOSSARY_LIMITS.definition) throw invalid("definition", msg("problem.keepUnder", { max: String(GLOSSARY_LIMITS.definition) }));
    const { community, membership } = await this.communities.access(viewer, slug);
    if (!this.communities.manages(membership)) throw forbidden(msg("error.glossary.managersOnly"));
    requireSecondFactorFor(viewer);
    const key = normaliseForMatch(term);
    if ((await repo.countTerms(this.db, community.id, GLOSSARY_LIMITS.terms)) >= GLOSSARY_LIMITS.terms) {
      throw invalid("term", msg("problem.condition.tooMany", { max: String(GLOSSARY_LIMITS.terms) }));
    }
    const row = { id: newId(), community_id: community.id, term, term_key: key, definition };
    // The unique key decides: the same term twice (even two at once) inserts nothing the second time.
    if (!(await repo.insertTerm(this.db, row))) throw invalid("term", msg("problem.glossary.twice", { term }));
    return presentTerm(row);
  }

  /** Removes a term (owners and moderators); a term of another community, or none, is a 404. */
  async removeTerm(viewer: Viewer, slug: string, id: string): Promise<void> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { community, membership } = await this.communities.access(viewer, slug);
    if (!this.communities.manages(membership)) throw forbidden(msg("error.glossary.managersOnly"));
    requireSecondFactorFor(viewer);
    if (!isId(id) || !(await repo.deleteTerm(this.db, community.id, id))) throw notFound(msg("error.notFound.glossaryTerm"));
  }

  /** The terms to mark in a thread's posts; the caller has already read the thread, so the community is one they see. */
  async termsForThread(viewer: Viewer, slug: string): Promise<GlossaryTermView[]> {
    return (await this.glossary(viewer, slug)).terms;
  }
}
