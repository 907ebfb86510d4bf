/**
 * Copying a parent's threads and posts into its fork (ADR 43), only with consent: a post
 * goes when its author's account said yes (by default, or later when asked). A thread goes
 * only with its opening post (its title is its author's words); a reply that may not go is
 * a stand-in, "a reply that was not carried", with no words and no author. Nothing written
 * after the fork's point goes. Safe to run again: each parent post is in the fork once
 * (fork_posts' key), and a stand-in is filled in once its author says yes.
 */
import type { Db } from "../db/connection.ts";
import { newId } from "../shared/ids.ts";
import * as repo from "./forks.repo.ts";

export async function carry(trx: Db, forkId: string): Promise<void> {
  const lineage = await repo.lockLineage(trx, forkId);
  if (!lineage?.carried_through) return; // nothing was written in the carried spaces
  const spaces = new Map((await repo.forkSpaces(trx, forkId)).map((s) => [s.source_space_id, s.fork_space_id]));
  const consenting = new Set((await repo.consentsOf(trx, forkId)).filter((c) => c.answer === "yes").map((c) => c.account_id));
  const posts = await repo.sourcePosts(trx, [...spaces.keys()], forkId);
  const threads = await repo.forkThreadsOf(trx, forkId);
  const copied = await repo.forkPostsOf(trx, forkId);
  // A stand-in is written under the forker's own persona, never under the absent author's.
  const standInAuthor = lineage.forked_by_account_id ? await repo.personalPersonaOf(trx, lineage.forked_by_account_id) : undefined;
  const goes = (post: repo.SourcePost) => !post.gone && consenting.has(post.account_id);
  let opening: repo.SourcePost | null = null;
  for (const post of posts) {
    if (opening?.thread_id !== post.thread_id) opening = post;
    let forkThreadId = threads.get(post.thread_id);
    if (!forkThreadId) {
      if (post !== opening || post.thread_gone || !goes(post)) continue;
      forkThreadId = newId();
      await repo.insertForkThread(trx, forkId, post.thread_id, {
        id: forkThreadId,
        space_id: spaces.get(post.space_id)!,
        author_persona_id: post.author_persona_id,
        title: post.thread_title,
        language: post.language,
        search_config: post.search_config,
        content_warnings: post.content_warnings,
        created_at: post.created_at,
      });
      threads.set(post.thread_id, forkThreadId);
    }
    const words = { author_persona_id: post.author_persona_id, body: post.body, html: post.html, language: post.language, search_config: post.search_config, edited_at: post.edited_at };
    const already = copied.get(post.id);
    if (already) {
      if (already.notCarried && goes(post)) await repo.fillForkPost(trx, already.forkPostId, words);
      continue;
    }
    const carried = goes(post);
    await repo.insertForkPost(trx, forkId, post.id, {
      id: newId(),
      thread_id: forkThreadId,
      ...(carried ? words : { author_persona_id: standInAuthor ?? opening.author_persona_id, body: "", html: "", language: null, search_config: post.search_config, edited_at: null }),
      created_at: post.created_at,
      not_carried: !carried,
    });
  }
  await repo.recountThreads(trx, forkId);
}
