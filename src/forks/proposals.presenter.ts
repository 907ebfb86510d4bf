/**
 * A members' fork proposal as its community's members see it (ADR 48): what would be forked,
 * how many have signed and how many it needs, whether the viewer signed, and the fork once made.
 * Never who proposed or who signed: a count is all a signature list needs to show.
 */
import type { ProposalRow } from "./forks.repo.ts";

export type ProposalView = {
  id: string;
  slug: string;
  name: string;
  spaces: string[];
  signatures: number;
  /** The charter's number now; null when the charter no longer lets members fork together. */
  needed: number | null;
  signedByMe: boolean;
  /** The fork, once made (and only when the viewer may see it). */
  fork: { slug: string; name: string } | null;
  can: { sign: boolean };
};

export function presentProposal(row: ProposalRow, needed: number | null, fork: { slug: string; name: string } | null): ProposalView {
  const made = row.fork_community_id !== null;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    spaces: row.spaces,
    signatures: Number(row.signatures),
    needed,
    signedByMe: row.signed_by_me,
    fork,
    can: { sign: !made && needed !== null && !row.signed_by_me },
  };
}
