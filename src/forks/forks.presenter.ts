/**
 * How forks leave the server (ADR 43): a lineage names communities only by address and name,
 * and only those the viewer may see; a consent page lists the asker's own words and nothing
 * about anyone else's, nor the account behind any persona.
 */
import type { LineageRow, SourcePost } from "./forks.repo.ts";

export type CommunityRef = { slug: string; name: string };
export type LineageView = {
  /** The community this one was forked from, when, and up to which moment its words were carried; null when not a fork, or when its parent is hidden from the viewer. */
  parent: (CommunityRef & { forkedAt: string; carriedThrough: string | null; server: string | null }) | null;
  /** Its forks the viewer may see, oldest first. */
  forks: (CommunityRef & { forkedAt: string })[];
  /** The servers it lived on before it came here in an archive, oldest first (its address there, and when it left); empty when it began here. */
  movedFrom: { server: string; slug: string; exportedAt: string }[];
};

export type ConsentView = {
  fork: CommunityRef;
  parent: CommunityRef | null;
  /** Their answer so far; null: not yet. */
  answer: "yes" | "no" | null;
  /** What of theirs would go: threads they opened, and their replies (a reply goes with its thread, once its opening post does). */
  posts: { id: string; threadTitle: string; opening: boolean; excerpt: string; createdAt: string }[];
};

export type AskedView = { fork: CommunityRef; answer: "yes" | "no" | null };

export function presentLineage(own: LineageRow | undefined, forks: LineageRow[], seen: Map<string, CommunityRef>, movedFrom: LineageView["movedFrom"] = []): LineageView {
  const local = own?.parent_community_id ? seen.get(own.parent_community_id) : undefined;
  // A parent on another server: named by the archive the community came in; "server" says where, and no link is made to anything here.
  const remote = own?.parent_server && own.parent_name && own.parent_slug ? { slug: own.parent_slug, name: own.parent_name, server: own.parent_server } : undefined;
  const parent = local ? { slug: local.slug, name: local.name, server: null } : remote;
  return {
    movedFrom,
    parent: parent && own ? { ...parent, forkedAt: own.forked_at.toISOString(), carriedThrough: own.carried_through?.toISOString() ?? null } : null,
    forks: forks.flatMap((f) => {
      const fork = seen.get(f.community_id);
      return fork ? [{ ...fork, forkedAt: f.forked_at.toISOString() }] : [];
    }),
  };
}

const EXCERPT = 200;

export function presentConsent(fork: CommunityRef, parent: CommunityRef | null, answer: "yes" | "no" | null, posts: SourcePost[]): ConsentView {
  return {
    fork: { slug: fork.slug, name: fork.name },
    parent: parent ? { slug: parent.slug, name: parent.name } : null,
    answer,
    posts: posts
      .filter((p) => !p.gone && !p.thread_gone)
      .map((p) => ({
        id: p.id,
        threadTitle: p.thread_title,
        opening: p.opening,
        excerpt: p.body.length > EXCERPT ? `${p.body.slice(0, EXCERPT)}…` : p.body,
        createdAt: p.created_at.toISOString(),
      })),
  };
}
