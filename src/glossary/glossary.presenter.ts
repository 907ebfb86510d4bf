/** The shape in which a glossary leaves the server, with what the viewer may do. */
import type { GlossaryRow } from "./glossary.repo.ts";

export type GlossaryTermView = { id: string; term: string; definition: string };

export type GlossaryView = {
  community: { slug: string; name: string };
  terms: GlossaryTermView[];
  /** Owners and moderators add and remove terms. */
  can: { manage: boolean };
};

export const presentTerm = (row: GlossaryRow): GlossaryTermView => ({ id: row.id, term: row.term, definition: row.definition });
