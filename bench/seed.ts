/**
 * Seeds the benchmark's database through Hearth's own services, in-process: one
 * community, THREADS threads of REPLIES replies each, written by a handful of
 * members. Going through the services means every post has its rendered HTML, its
 * search vector and its events, exactly as when people write them.
 */
import type pg from "pg";
import type { Config } from "../src/config.ts";
import { openRuntime, type Runtime } from "../src/runtime.ts";
import type { Viewer } from "../src/shared/viewer.ts";

export const COMMUNITY_SLUG = "bench-copd";

/** A member the seed signed in: a bearer token for the API, as a client holds one. */
export type SeededMember = { accountId: string; token: string };

export type SeedResult = {
  threadIds: string[];
  /** Every post of those threads (openings and replies). */
  postIds: string[];
  posts: number;
  discardedJobs: number;
  seconds: number;
  /** `members` members of the community, each signed in (empty unless asked for). */
  members: SeededMember[];
  /** A thread of its own (not among `threadIds`) that every one of `members` follows; null without members. */
  followedThreadId: string | null;
};

/**
 * Drops the background jobs the seed's writes queued (notifications about the seeded
 * posts). Left in place, the server under test would work through thousands of them
 * while it is being measured: its worker takes at most a batch of 5 jobs per queue
 * per polling second, so 4,200 jobs would take some 14 minutes.
 */
async function discardQueuedJobs(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: number }>("with gone as (delete from pgboss.job where state < 'active' returning 1) select count(*)::int as count from gone");
  return rows[0]?.count ?? 0;
}

const PASSWORD = "correct horse battery staple";

const WORDS = (
  "breath stairs morning inhaler nurse walk cold weather rest pace tired sleep appointment kettle garden shop " +
  "scarf steam pillow cough chest daughter husband friend bus doctor clinic rehab exercise slowly minutes " +
  "plan spring winter today yesterday helped tried found easier harder better worse again together kind"
).split(" ");

/** A small deterministic random generator, so every run writes the same text. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function sentence(random: () => number): string {
  const length = 6 + Math.floor(random() * 12);
  const words = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]!);
  return `${words[0]!.charAt(0).toUpperCase()}${words.join(" ").slice(1)}.`;
}

/** A post of one to three short paragraphs (about 300–900 characters), sometimes with emphasis or a list. */
export function postBody(random: () => number): string {
  const paragraphs = 1 + Math.floor(random() * 3);
  const parts: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    parts.push(Array.from({ length: 2 + Math.floor(random() * 3) }, () => sentence(random)).join(" "));
  }
  if (random() < 0.3) parts.push(`- ${sentence(random)}\n- ${sentence(random)}`);
  if (random() < 0.3) parts[0] = `**${sentence(random)}** ${parts[0]}`;
  return parts.join("\n\n");
}

/**
 * `count` members, each signed up, joined, following one thread the owner starts for them,
 * and signed in (a session opened through accounts, so its token works as a bearer token).
 * Sign-ups hash a password each (argon2, off the main thread): a few run at once.
 */
async function seedMembers(runtime: Runtime, owner: Viewer, count: number, random: () => number, log: (line: string) => void) {
  if (count === 0) return { members: [], followedThreadId: null };
  const { accounts, communities, discussion, follows } = runtime.services;
  const { id: followedThreadId } = await discussion.createThread(owner, COMMUNITY_SLUG, "general", { title: "A thread many follow", body: postBody(random) });
  const members: SeededMember[] = new Array(count);
  let next = 0;
  const one = async () => {
    for (let i = next++; i < count; i = next++) {
      const { id } = await accounts.signUp({ username: `bench_member_${i}`, password: PASSWORD }, "");
      const viewer = await accounts.viewerForAccount(id);
      await communities.join(viewer, COMMUNITY_SLUG);
      await follows.followThread(viewer, followedThreadId);
      members[i] = { accountId: id, token: (await accounts.openSession(id)).token };
      if ((i + 1) % 100 === 0) log(`  seeded ${i + 1}/${count} members following one thread`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, one));
  return { members, followedThreadId };
}

/** Seeds and closes the database. `config` points at a fresh, empty database. */
export async function seed(
  config: Config,
  options: {
    threads: number;
    replies: number;
    authors?: number;
    log?: (line: string) => void;
    /** a second public space beside general, as most communities have */
    secondSpace?: boolean;
    /** Members who join, sign in and follow one thread of their own (the fan-out and reaction benchmarks). */
    members?: number;
  },
): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  // The queue is started (writes enqueue their events' jobs) but runs nothing here.
  const runtime = await openRuntime(config, { work: false });
  try {
    const { accounts, communities, discussion } = runtime.services;
    const people: Viewer[] = [];
    for (let i = 0; i < (options.authors ?? 12); i++) {
      const { id } = await accounts.signUp({ username: `bench_author_${i}`, password: PASSWORD, carer: i % 4 === 3 }, "");
      people.push(await accounts.viewerForAccount(id));
    }
    const owner = people[0]!;
    await communities.create(owner, {
      slug: COMMUNITY_SLUG,
      name: "Living with COPD (benchmark)",
      purpose: "A community seeded for the benchmark.",
      visibility: "public",
      // Public like the second space (a new community's first space is members-only unless chosen).
      firstSpace: "public",
      charter: {
        conditions: [{ name: "Chronic obstructive pulmonary disease (COPD)", code: "13645005", system: "snomed-ct" }],
        rules: ["Be kind.", "Share experience, not medical advice."],
        funding: "None (benchmark).",
        businessModel: "None.",
        dataUse: "Benchmark data, made up.",
        conflictsOfInterest: "None.",
      },
    });
    for (const person of people.slice(1)) await communities.join(person, COMMUNITY_SLUG);
    if (options.secondSpace) await communities.createSpace(owner, COMMUNITY_SLUG, { slug: "daily-life", name: "Daily life", visibility: "public" });

    const random = generator(20261101);
    const threadIds: string[] = [];
    const postIds: string[] = [];
    let posts = 0;
    for (let t = 0; t < options.threads; t++) {
      const author = people[t % people.length]!;
      const { id, postId } = await discussion.createThread(author, COMMUNITY_SLUG, "general", { title: `${sentence(random).slice(0, -1)} (${t + 1})`, body: postBody(random) });
      threadIds.push(id);
      postIds.push(postId);
      posts++;
      for (let r = 0; r < options.replies; r++) {
        postIds.push((await discussion.reply(people[(t + r + 1) % people.length]!, id, { body: postBody(random) })).id);
        posts++;
      }
      if ((t + 1) % 25 === 0) log(`  seeded ${t + 1}/${options.threads} threads (${posts} posts, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    const { members, followedThreadId } = await seedMembers(runtime, owner, options.members ?? 0, random, log);
    const discardedJobs = await discardQueuedJobs(runtime.database.pool);
    return { threadIds, postIds, posts, discardedJobs, seconds: (performance.now() - started) / 1000, members, followedThreadId };
  } finally {
    await runtime.close();
  }
}
