/**
 * How expertise leaves the server. A persona's expertise is its own: shown on that persona's page
 * and to its owner, never beside another persona of the same person. Endorsements are counts only
 * (members, verified clinicians): never who, never when.
 */
import type { ExpertiseBasis } from "../db/schema.ts";
import type { PersonaView } from "../personas/persona.presenter.ts";
import type { EndorsementCounts, ExpertiseRow, TopicRow } from "./expertise.repo.ts";

/** One of the viewer's own personas and what it says it knows (null: nothing declared). */
export type OwnExpertiseView = {
  persona: PersonaView;
  expertise: { topics: string[]; basis: ExpertiseBasis; routing: boolean; weeklyLimit: number } | null;
  /** Clinical (or both) is open to a clinician persona with a current badge only. */
  mayClaimClinical: boolean;
};

export type PublicExpertiseView = {
  personaId: string;
  topics: string[];
  basis: ExpertiseBasis;
  endorsements: EndorsementCounts;
  /** Whether the viewer endorses it, and may (an expert patient's persona, not one of their own). */
  endorsedByMe: boolean;
  can: { endorse: boolean };
};

export type TopicView = { key: string; label: string; conditionCode: string | null; synonyms: string[] };

export function presentOwnExpertise(persona: PersonaView, row: ExpertiseRow | undefined, mayClaimClinical: boolean): OwnExpertiseView {
  return {
    persona,
    expertise: row ? { topics: row.topics, basis: row.basis, routing: row.routing, weeklyLimit: row.weekly_limit } : null,
    mayClaimClinical,
  };
}

export function presentPublicExpertise(row: ExpertiseRow, counts: EndorsementCounts | undefined, viewer: { endorses: boolean; mayEndorse: boolean }): PublicExpertiseView {
  return {
    personaId: row.persona_id,
    topics: row.topics,
    basis: row.basis,
    endorsements: counts ?? { members: 0, clinicians: 0 },
    endorsedByMe: viewer.endorses,
    can: { endorse: viewer.mayEndorse },
  };
}

export const presentTopic = (row: TopicRow): TopicView => ({ key: row.topic_key, label: row.label, conditionCode: row.condition_code, synonyms: row.synonyms });

/** Whether a basis makes its persona an expert patient (lived experience), who members may endorse. */
export const isLived = (basis: ExpertiseBasis) => basis === "lived" || basis === "both";
