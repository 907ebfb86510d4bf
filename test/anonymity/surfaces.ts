/**
 * Every GET route of the app, with the addresses that can show the clinician's
 * content or personas. A route missing from this table fails the suite (see
 * anonymity.test.ts), so a new route is either swept or consciously added here.
 */
import type { IdentityGroup } from "./identities.ts";
import { WORDS, type Scenario } from "./scenario.ts";

export type ViewerName = "guest" | "member" | "moderator" | "owner" | "colleague" | "secondAdmin" | "requestingAdmin";

/** The requesting administrator also started, and so owns, the clinicians' network. */
export const VIEWERS: ViewerName[] = ["guest", "member", "moderator", "owner", "colleague", "secondAdmin", "requestingAdmin"];

const ALL: ViewerName[] = VIEWERS;
const MANAGERS: ViewerName[] = ["moderator", "owner"];
const ADMINS: ViewerName[] = ["secondAdmin", "requestingAdmin"];

export type Surface = {
  /** The route as registered ("/api/v1/threads/:id"). */
  route: string;
  url: string;
  /** The one identity of the clinician this address may show; the anonymous persona unless said. */
  shows?: IdentityGroup;
  /** Who must see that identity here (with a 200): proof the address really was looked at. */
  mustShowTo?: ViewerName[];
  /** Statuses some viewers must get. */
  status?: Partial<Record<ViewerName, number | number[]>>;
  /** The list shows days only, so its cursors may hold no finer time (see cursorTimes). */
  dayCursor?: boolean;
  /** The viewer's own data (their own personas carry more than a public view). */
  own?: boolean;
};

const q = encodeURIComponent;
const everyone = (status: number) => Object.fromEntries(VIEWERS.map((v) => [v, status])) as Record<ViewerName, number>;

export function surfacesOf(s: Scenario, registered: string[]): Surface[] {
  const slug = s.community.slug;
  const net = s.network;
  const anon = s.clinician.anonymousId;
  const prof = s.clinician.professionalId;
  const personal = s.clinician.personalId;
  const allPosts = Object.values(s.posts);
  const anonymousPosts = [s.posts.anonymousOpening, s.posts.anonymousHiddenReply, s.posts.anonymousReply];
  const stylesheet = registered.find((r) => /^\/assets\/hearth\.[0-9a-f]+\.css$/.test(r)) ?? "/assets/hearth.css";
  const liveCount = registered.find((r) => /^\/assets\/live-count\.[0-9a-f]+\.js$/.test(r)) ?? "/assets/live-count.js";
  const personaViews = (route: string, to: (id: string) => string): Surface[] => [
    { route, url: to(anon), shows: "anonymous", mustShowTo: ALL },
    { route, url: to(prof), shows: "professional", mustShowTo: ALL },
    { route, url: to(personal), shows: "personal", mustShowTo: ALL },
  ];
  const ownPersonaPages = (route: string, to: (id: string) => string): Surface[] =>
    [anon, prof, personal].map((id) => ({ route, url: to(id), shows: id === prof ? "professional" : id === personal ? "personal" : "anonymous", status: { member: 404 } }));
  const managersOnly = { guest: [401, 403], member: 403, colleague: 403, secondAdmin: 403, requestingAdmin: 403 };
  // A post's history: its author (the member wrote two of these posts) and the community's managers; 404 for anyone else.
  const membersPosts = [s.posts.memberOpening, s.posts.mention];
  const revisionsStatus = (id: string) => ({
    guest: 404,
    member: membersPosts.includes(id) ? 200 : 404,
    colleague: 404,
    secondAdmin: 404,
    requestingAdmin: 404,
    moderator: 200,
    owner: 200,
  });

  return [
    // The API.
    { route: "/api/openapi.json", url: "/api/openapi.json" },
    { route: "/healthz", url: "/healthz" },
    { route: "/api/v1/me", url: "/api/v1/me", own: true },
    { route: "/api/v1/me/linked-accounts", url: "/api/v1/me/linked-accounts", own: true },
    { route: "/api/v1/me/audit-log", url: "/api/v1/me/audit-log", own: true },
    { route: "/api/v1/me/second-factor", url: "/api/v1/me/second-factor", own: true },
    { route: "/api/v1/me/email", url: "/api/v1/me/email", own: true },
    { route: "/api/v1/me/recovery-codes", url: "/api/v1/me/recovery-codes", own: true },
    { route: "/api/v1/personas", url: "/api/v1/personas", own: true },
    { route: "/api/v1/clinician-verifications", url: "/api/v1/clinician-verifications", own: true },
    { route: "/api/v1/clinician-network", url: "/api/v1/clinician-network" },
    { route: "/api/v1/communities", url: "/api/v1/communities" },
    { route: "/api/v1/communities", url: "/api/v1/communities?limit=1" },
    { route: "/api/v1/communities/:slug", url: `/api/v1/communities/${slug}` },
    // Check-ins (src/checkins) are the viewer's own, never anyone's persona; swept for what they might carry.
    { route: "/api/v1/communities/:slug/checkin-template", url: `/api/v1/communities/${slug}/checkin-template` },
    { route: "/api/v1/communities/:slug/checkins/summary", url: `/api/v1/communities/${slug}/checkins/summary` },
    { route: "/api/v1/me/checkins", url: `/api/v1/me/checkins?community=${slug}`, own: true },
    { route: "/api/v1/me/participation", url: "/api/v1/me/participation", own: true },
    // The learning log (ADR 50): each viewer's own (empty: only the clinician keeps one); the clinician's entry is a 404 to everyone else.
    { route: "/api/v1/me/learning-log", url: "/api/v1/me/learning-log", own: true, status: { guest: 401, member: 200 } },
    { route: "/api/v1/me/learning-log", url: "/api/v1/me/learning-log?format=csv", own: true, status: { guest: 401, member: 200 } },
    { route: "/api/v1/me/learning-log/settings", url: "/api/v1/me/learning-log/settings", own: true, status: { guest: 401, member: 200 } },
    { route: "/api/v1/me/learning-log/:id", url: `/api/v1/me/learning-log/${s.learningLogEntry}`, status: { guest: 401, member: 404, moderator: 404, owner: 404, colleague: 404, secondAdmin: 404, requestingAdmin: 404 } },
    { route: "/api/v1/me/checkins", url: `/api/v1/me/checkins?community=${slug}&format=csv`, own: true },
    { route: "/c/:slug/checkin", url: `/c/${slug}/checkin` },
    { route: "/c/:slug/checkin/export.csv", url: `/c/${slug}/checkin/export.csv`, own: true },
    // Condition-aware content (ADR 39): the glossary and the help page name no one; swept for what they might carry.
    { route: "/api/v1/communities/:slug/glossary", url: `/api/v1/communities/${slug}/glossary` },
    { route: "/c/:slug/glossary", url: `/c/${slug}/glossary` },
    // Response times (ADR 51): aggregates only, naming no one; the moderators' block is theirs alone.
    { route: "/api/v1/communities/:slug/questions/metrics", url: `/api/v1/communities/${slug}/questions/metrics` },
    { route: "/c/:slug/health", url: `/c/${slug}/health` },
    { route: "/c/:slug/help", url: `/c/${slug}/help` },
    { route: "/api/v1/communities/:slug/spaces", url: `/api/v1/communities/${slug}/spaces` },
    { route: "/api/v1/communities/:slug/spaces/:space/threads", url: `/api/v1/communities/${slug}/spaces/general/threads` },
    { route: "/api/v1/communities/:slug/spaces/:space/threads", url: `/api/v1/communities/${slug}/spaces/${s.spaces.ward}/threads`, mustShowTo: ALL },
    // Members appear by their personal persona: the clinician's is there because the account joined.
    { route: "/api/v1/communities/:slug/members", url: `/api/v1/communities/${slug}/members`, shows: "personal", mustShowTo: MANAGERS, status: managersOnly },
    { route: "/api/v1/communities/:slug/members", url: `/api/v1/communities/${slug}/members?status=pending`, shows: "personal", status: managersOnly },
    { route: "/api/v1/communities/:slug/members", url: `/api/v1/communities/${slug}/members?limit=1`, shows: "personal", status: managersOnly, dayCursor: true },
    { route: "/api/v1/communities/:slug/members", url: `/api/v1/communities/${slug}/members?limit=3`, shows: "personal", status: managersOnly, dayCursor: true },
    // The clinicians' network: its members by their professional persona (to its owner), the anonymous persona's question (to clinicians).
    { route: "/api/v1/communities/:slug", url: `/api/v1/communities/${net.slug}` },
    { route: "/api/v1/communities/:slug/spaces/:space/threads", url: `/api/v1/communities/${net.slug}/spaces/${net.space}/threads`, mustShowTo: ["colleague"] },
    { route: "/api/v1/communities/:slug/members", url: `/api/v1/communities/${net.slug}/members`, shows: "professional", mustShowTo: ["requestingAdmin"] },
    { route: "/api/v1/communities/:slug/moderation/log", url: `/api/v1/communities/${net.slug}/moderation/log` },
    { route: "/api/v1/threads/:id", url: `/api/v1/threads/${net.threadId}`, mustShowTo: ["colleague"], status: { guest: 404, member: 404, colleague: 200 } },
    { route: "/api/v1/posts/:id", url: `/api/v1/posts/${net.postId}`, mustShowTo: ["colleague"] },
    { route: "/api/v1/search", url: `/api/v1/search?q=${q("night shift")}`, mustShowTo: ["colleague"] },
    // The community the clinician asked to join: the request waits, shown by the personal persona to the owner only.
    { route: "/api/v1/communities/:slug", url: `/api/v1/communities/${s.approvalCommunity.slug}` },
    { route: "/api/v1/communities/:slug/members", url: `/api/v1/communities/${s.approvalCommunity.slug}/members?status=pending`, shows: "personal", mustShowTo: ["owner"] },
    { route: "/api/v1/communities/:slug/moderation/log", url: `/api/v1/communities/${slug}/moderation/log`, mustShowTo: ALL },
    { route: "/api/v1/communities/:slug/moderation/log", url: `/api/v1/communities/${slug}/moderation/log?limit=1`, mustShowTo: ALL, dayCursor: true },
    { route: "/api/v1/communities/:slug/moderation/queue", url: `/api/v1/communities/${slug}/moderation/queue`, mustShowTo: MANAGERS, status: managersOnly },
    { route: "/api/v1/communities/:slug/moderation/queue", url: `/api/v1/communities/${slug}/moderation/queue?limit=1`, mustShowTo: MANAGERS, dayCursor: true },
    { route: "/api/v1/threads/:id", url: `/api/v1/threads/${s.threads.member}`, mustShowTo: ALL },
    { route: "/api/v1/threads/:id", url: `/api/v1/threads/${s.threads.anonymous}`, mustShowTo: ALL },
    { route: "/api/v1/threads/:id", url: `/api/v1/threads/${s.threads.member}?limit=1` },
    // Polls: counts only, and the voter's own choice; no author, no voter.
    { route: "/api/v1/polls/:id", url: `/api/v1/polls/${s.poll}` },
    { route: "/api/v1/threads/:id/poll", url: `/api/v1/threads/${s.threads.anonymous}/poll` },
    // Events: counts to readers; who answered, by the persona each chose, to the organisers (the owner) and the managers.
    { route: "/api/v1/communities/:slug/events", url: `/api/v1/communities/${slug}/events` },
    { route: "/api/v1/events/:id", url: `/api/v1/events/${s.event}` },
    // The edge network (ADR 49): who was asked is in no answer but the asked's own; the anonymous persona's expertise is its own.
    { route: "/api/v1/questions/:id", url: `/api/v1/questions/${s.question}` },
    { route: "/api/v1/communities/:slug/questions", url: `/api/v1/communities/${slug}/questions` },
    { route: "/api/v1/communities/:slug/topics", url: `/api/v1/communities/${slug}/topics` },
    { route: "/api/v1/threads/:id", url: `/api/v1/threads/${s.question}`, mustShowTo: ALL },
    { route: "/api/v1/personas/:id/expertise", url: `/api/v1/personas/${anon}/expertise`, shows: "anonymous", mustShowTo: ALL },
    { route: "/api/v1/personas/:id/expertise", url: `/api/v1/personas/${prof}/expertise`, shows: "professional", status: everyone(404) },
    { route: "/api/v1/personas/:id/expertise", url: `/api/v1/personas/${personal}/expertise`, shows: "personal", status: everyone(404) },
    { route: "/api/v1/me/expertise", url: "/api/v1/me/expertise", own: true },
    { route: "/api/v1/communities/:slug/fork-proposals", url: `/api/v1/communities/${slug}/fork-proposals` },
    { route: "/api/v1/events/:id/attendees", url: `/api/v1/events/${s.event}/attendees`, mustShowTo: MANAGERS, status: managersOnly },
    // It has not started: nobody may say whom they met yet, not even those going.
    { route: "/api/v1/events/:id/people", url: `/api/v1/events/${s.event}/people`, status: { guest: 401, member: 403, owner: 403 } },
    { route: "/api/v1/me/met", url: "/api/v1/me/met", status: { guest: 401, member: 200 } },
    ...allPosts.map((id) => ({ route: "/api/v1/posts/:id", url: `/api/v1/posts/${id}`, mustShowTo: anonymousPosts.includes(id) ? ALL : [] })),
    ...allPosts.map((id) => ({ route: "/api/v1/posts/:id/revisions", url: `/api/v1/posts/${id}/revisions`, status: revisionsStatus(id) })),
    ...personaViews("/api/v1/personas/:id", (id) => `/api/v1/personas/${id}`),
    { route: "/api/v1/search", url: `/api/v1/search?q=${WORDS.afterEdit}`, mustShowTo: ALL },
    { route: "/api/v1/search", url: `/api/v1/search?q=${WORDS.keptReply}`, mustShowTo: ALL },
    { route: "/api/v1/search", url: `/api/v1/search?q=${q("pacing breathlessness")}`, mustShowTo: ALL },
    { route: "/api/v1/search", url: `/api/v1/search?q=${WORDS.mention}` },
    { route: "/api/v1/search", url: `/api/v1/search?q=${WORDS.hiddenReply}` },
    { route: "/api/v1/search", url: `/api/v1/search?q=${WORDS.beforeEdit}` },
    { route: "/api/v1/search", url: `/api/v1/search?q=${q("technique tea cold")}&limit=1` },
    { route: "/api/v1/search", url: `/api/v1/search?q=Annie` },
    { route: "/api/v1/search", url: `/api/v1/search?q=Professional` },
    { route: "/api/v1/notifications", url: "/api/v1/notifications", mustShowTo: ["member"] },
    { route: "/api/v1/notifications", url: "/api/v1/notifications?limit=1" },
    // Follows and bookmarks (ADR 35): the member follows the anonymous persona; only the member sees it, as that persona alone.
    { route: "/api/v1/me/follows", url: "/api/v1/me/follows", mustShowTo: ["member"] },
    { route: "/api/v1/me/bookmarks", url: "/api/v1/me/bookmarks" },
    { route: "/api/v1/me/preferences", url: "/api/v1/me/preferences" },
    // Forks (ADR 43): the community's lineage (no fork here), and a fork's question, asked of nobody here (a 404 to all).
    { route: "/api/v1/communities/:slug/lineage", url: `/api/v1/communities/${slug}/lineage` },
    { route: "/api/v1/communities/:slug/fork-consent", url: `/api/v1/communities/${slug}/fork-consent`, status: { guest: 401, member: 404, owner: 404 } },
    // The live count (ADR 38): asked without Accept: text/event-stream it answers the count once, as JSON.
    { route: "/api/v1/notifications/stream", url: "/api/v1/notifications/stream", status: { guest: 401 } },
    // Reviewers see who applied to be verified (that is their job), never a persona of the applicant.
    ...(["pending", "approved", "rejected"] as const).map((status) => ({
      route: "/api/v1/admin/clinician-verifications",
      url: `/api/v1/admin/clinician-verifications?status=${status}`,
      shows: "account" as const,
      ...(status === "approved" ? { mustShowTo: ADMINS } : {}),
    })),
    { route: "/api/v1/admin/break-glass", url: "/api/v1/admin/break-glass", mustShowTo: ADMINS },
    { route: "/api/v1/admin/break-glass", url: "/api/v1/admin/break-glass?status=approved" },
    { route: "/api/v1/admin/break-glass", url: "/api/v1/admin/break-glass?status=rejected" },
    { route: "/api/v1/admin/break-glass/:id", url: `/api/v1/admin/break-glass/${s.breakGlassId}`, mustShowTo: ADMINS },

    // The pages.
    { route: "/", url: "/" },
    { route: "/signup", url: "/signup" },
    { route: "/signin", url: "/signin" },
    { route: "/signin/code", url: "/signin/code" },
    { route: "/forgot-password", url: "/forgot-password" },
    { route: "/forgot-password/code", url: "/forgot-password/code" },
    { route: "/forgot-password/reset", url: "/forgot-password/reset?token=not-a-link" },
    { route: "/account", url: "/account", own: true },
    { route: "/account/email", url: "/account/email", own: true },
    { route: "/account/email/remove", url: "/account/email/remove", own: true },
    { route: "/account/email/verify", url: "/account/email/verify?token=not-a-link" },
    { route: "/account/recovery-codes", url: "/account/recovery-codes", own: true },
    { route: stylesheet, url: stylesheet },
    { route: liveCount, url: liveCount },
    // The professional persona's picture (drawn across from the provider); there is none of the anonymous persona.
    { route: "/assets/persona-pictures/:id", url: s.professionalPictureUrl, shows: "professional", status: Object.fromEntries(ALL.map((v) => [v, 200])) },
    { route: "/assets/persona-pictures/:id", url: `/assets/persona-pictures/${anon}`, status: Object.fromEntries(ALL.map((v) => [v, 404])) },
    { route: "/auth/oidc/start", url: "/auth/oidc/start" },
    { route: "/auth/oidc/callback", url: "/auth/oidc/callback?state=x&code=y" },
    { route: "/auth/oidc/new", url: "/auth/oidc/new" },
    { route: "/auth/oidc/link", url: "/auth/oidc/link" },
    { route: "/search", url: `/search?q=${WORDS.afterEdit}`, mustShowTo: ALL },
    { route: "/search", url: `/search?q=${WORDS.keptReply}`, mustShowTo: ALL },
    { route: "/search", url: `/search?q=${WORDS.mention}` },
    { route: "/search", url: `/search?q=${WORDS.hiddenReply}` },
    { route: "/search", url: `/search?q=${WORDS.beforeEdit}` },
    { route: "/search", url: `/search?q=${q("technique tea cold")}&limit=1` },
    { route: "/settings/personas", url: "/settings/personas", own: true },
    ...ownPersonaPages("/settings/personas/:id", (id) => `/settings/personas/${id}`),
    { route: "/settings/clinician", url: "/settings/clinician", own: true },
    { route: "/settings/security", url: "/settings/security", own: true },
    { route: "/settings/security/password", url: "/settings/security/password", own: true },
    { route: "/settings/security/two-step", url: "/settings/security/two-step", own: true },
    { route: "/settings/security/two-step/move", url: "/settings/security/two-step/move", own: true },
    { route: "/settings/security/two-step/off", url: "/settings/security/two-step/off", own: true },
    { route: "/settings/linked-accounts", url: "/settings/linked-accounts", own: true },
    { route: "/communities/new", url: "/communities/new" },
    { route: "/c/:slug", url: `/c/${slug}` },
    { route: "/c/:slug/settings", url: `/c/${slug}/settings` },
    { route: "/c/:slug/settings/care", url: `/c/${slug}/settings/care` },
    { route: "/c/:slug/settings/archive", url: `/c/${slug}/settings/archive` },
    { route: "/c/:slug/spaces/new", url: `/c/${slug}/spaces/new` },
    { route: "/c/:slug/spaces/:space/settings", url: `/c/${slug}/spaces/general/settings` },
    { route: "/c/:slug/spaces/:space/delete", url: `/c/${slug}/spaces/${s.spaces.ward}/delete` },
    { route: "/c/:slug/welcome", url: `/c/${slug}/welcome` },
    { route: "/signup", url: `/signup?join=${slug}` },
    { route: "/c/:slug/s/:space", url: `/c/${slug}/s/general` },
    { route: "/c/:slug/s/:space", url: `/c/${slug}/s/${s.spaces.ward}`, mustShowTo: ALL },
    { route: "/c/:slug/members", url: `/c/${slug}/members`, shows: "personal", mustShowTo: MANAGERS },
    { route: "/c/:slug/members", url: `/c/${slug}/members?status=pending`, shows: "personal" },
    { route: "/c/:slug", url: `/c/${s.approvalCommunity.slug}` },
    { route: "/c/:slug", url: `/c/${net.slug}` },
    { route: "/c/:slug/s/:space", url: `/c/${net.slug}/s/${net.space}`, mustShowTo: ["colleague"] },
    { route: "/c/:slug/members", url: `/c/${net.slug}/members`, shows: "professional", mustShowTo: ["requestingAdmin"] },
    { route: "/t/:id", url: `/t/${net.threadId}`, mustShowTo: ["colleague"] },
    { route: "/c/:slug/members", url: `/c/${s.approvalCommunity.slug}/members?status=pending`, shows: "personal", mustShowTo: ["owner"] },
    { route: "/c/:slug/moderation/log", url: `/c/${slug}/moderation/log`, mustShowTo: ALL },
    { route: "/t/:id", url: `/t/${s.threads.member}`, mustShowTo: ALL },
    { route: "/t/:id", url: `/t/${s.threads.anonymous}`, mustShowTo: ALL },
    // Only the member started this thread and it has no poll: everyone else is turned away.
    { route: "/t/:id/poll/new", url: `/t/${s.threads.member}/poll/new`, status: { member: 200, guest: 403, owner: 403 } },
    // Its charter does not let members fork it together: the proposal pages are refused to everyone, a guest sent to sign in.
    { route: "/c/:slug/fork-proposals", url: `/c/${slug}/fork-proposals`, status: { guest: 303, member: 403, owner: 403 } },
    { route: "/c/:slug/fork-proposals/new", url: `/c/${slug}/fork-proposals/new`, status: { guest: 303, member: 403, owner: 403 } },
    { route: "/c/:slug/events", url: `/c/${slug}/events` },
    { route: "/c/:slug/events/new", url: `/c/${slug}/events/new` },
    { route: "/events/:id", url: `/events/${s.event}` },
    { route: "/t/:id", url: `/t/${s.question}`, mustShowTo: ALL },
    { route: "/c/:slug/questions", url: `/c/${slug}/questions` },
    { route: "/c/:slug/questions/new", url: `/c/${slug}/questions/new` },
    { route: "/c/:slug/topics", url: `/c/${slug}/topics` },
    { route: "/settings/expertise", url: "/settings/expertise", own: true },
    { route: "/events/:id/edit", url: `/events/${s.event}/edit`, status: { owner: 200, moderator: 200, member: 403 } },
    { route: "/events/:id/attendees", url: `/events/${s.event}/attendees`, mustShowTo: MANAGERS, status: managersOnly },
    { route: "/events/:id/met", url: `/events/${s.event}/met`, status: { member: 403, owner: 403 } },
    { route: "/met", url: "/met", status: { member: 200 } },
    ...[s.threads.member, s.threads.anonymous].flatMap((id) => [
      { route: "/t/:id/title", url: `/t/${id}/title` },
      { route: "/t/:id/history", url: `/t/${id}/history` },
      { route: "/api/v1/threads/:id/title-revisions", url: `/api/v1/threads/${id}/title-revisions` },
    ]),
    ...allPosts.map((id) => ({ route: "/p/:id/edit", url: `/p/${id}/edit` })),
    ...allPosts.map((id) => ({ route: "/p/:id/delete", url: `/p/${id}/delete` })),
    ...allPosts.map((id) => ({ route: "/p/:id/history", url: `/p/${id}/history`, status: revisionsStatus(id) })),
    ...personaViews("/personas/:id", (id) => `/personas/${id}`),
    { route: "/moderation/act", url: `/moderation/act?targetType=persona&targetId=${anon}&community=${slug}` },
    { route: "/moderation/act", url: `/moderation/act?targetType=post&targetId=${s.posts.anonymousReply}` },
    { route: "/me/audit-log", url: "/me/audit-log", own: true },
    // Reporting: the form and the thank-you name nobody; the moderators' Reports page shows the reported (anonymous) persona only.
    { route: "/report", url: `/report?targetType=post&targetId=${s.posts.anonymousReply}` },
    { route: "/report", url: `/report?targetType=persona&targetId=${anon}` },
    { route: "/report/sent", url: `/report/sent?community=${slug}&reason=safeguarding` },
    {
      route: "/c/:slug/moderation/reports",
      url: `/c/${slug}/moderation/reports`,
      mustShowTo: MANAGERS,
      status: { guest: 303, member: 403, colleague: 403, secondAdmin: 403, requestingAdmin: 403 },
    },
    { route: "/admin/audit-log", url: "/admin/audit-log", mustShowTo: ADMINS, status: { guest: 303, member: 403, moderator: 403, owner: 403, colleague: 403 } },
    { route: "/notifications", url: "/notifications", mustShowTo: ["member"] },
    { route: "/notifications/settings", url: "/notifications/settings", own: true },
    { route: "/settings/forks", url: "/settings/forks", own: true },
    // Claiming portable personas with a code (ADR 46): the form, for anyone signed in.
    { route: "/claim", url: "/claim", own: true },
    { route: "/c/:slug/forks/new", url: `/c/${slug}/forks/new`, status: { guest: 303, member: 403, colleague: 403, owner: 200, moderator: 200 } },
    { route: "/c/:slug/fork-consent", url: `/c/${slug}/fork-consent`, status: { guest: 303, member: 404, owner: 404 } },
    // A token this server did not sign is a 404 to everyone, signed in or not (ADR 38).
    { route: "/unsubscribe/:token", url: "/unsubscribe/AAAAAAAAAAAAAAAA.replies.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", status: { guest: 404, member: 404, owner: 404 } },
    // Calendars (ADR 47): the scenario's event and one that does not exist, the community's feed, a feed token nobody holds.
    { route: "/events/:id.ics", url: `/events/${s.event}.ics` },
    { route: "/events/:id.ics", url: "/events/AAAAAAAAAAAAAAAA.ics", status: { guest: 404, member: 404, owner: 404 } },
    { route: "/c/:slug/events.ics", url: `/c/${slug}/events.ics`, status: { guest: 200, member: 200, owner: 200 } },
    { route: "/calendar/:token.ics", url: `/calendar/${"A".repeat(43)}.ics`, status: { guest: 404, member: 404, owner: 404 } },
    { route: "/settings/calendar", url: "/settings/calendar", own: true },
    { route: "/api/v1/me/calendar-feed", url: "/api/v1/me/calendar-feed", own: true },
    { route: "/following", url: "/following", mustShowTo: ["member"] },
    { route: "/bookmarks", url: "/bookmarks" },
    { route: "/me/learning-log", url: "/me/learning-log", own: true, status: { guest: 303, member: 200 } },
    { route: "/me/learning-log/new", url: "/me/learning-log/new", own: true, status: { guest: 303, member: 200 } },
    { route: "/me/learning-log/print", url: "/me/learning-log/print", own: true, status: { guest: 303, member: 200 } },
    { route: "/me/learning-log/export.csv", url: "/me/learning-log/export.csv", own: true, status: { guest: 303, member: 200 } },
    { route: "/me/learning-log/:id", url: `/me/learning-log/${s.learningLogEntry}`, status: { guest: 303, member: 404, moderator: 404, owner: 404, colleague: 404, secondAdmin: 404, requestingAdmin: 404 } },
    // Opening a notification that is not the viewer's is a 404 to everyone (a guest is sent to sign in).
    { route: "/notifications/open/:id", url: "/notifications/open/AAAAAAAAAAAAAAAA" },
    { route: "/admin/verifications", url: "/admin/verifications", shows: "account" },
    { route: "/admin/verifications", url: "/admin/verifications?status=approved", shows: "account", mustShowTo: ADMINS },
    { route: "/admin/break-glass", url: "/admin/break-glass", mustShowTo: ADMINS },
    // Importing an archive from the admin pages (ADR 46): the upload form, for administrators only.
    { route: "/admin/import", url: "/admin/import", status: { guest: 303, member: 403, owner: 403, secondAdmin: 200, requestingAdmin: 200 } },
    { route: "/admin/break-glass/:id", url: `/admin/break-glass/${s.breakGlassId}`, mustShowTo: ADMINS },
  ];
}
