/**
 * Pages for communities: the home list, a community's page, joining and leaving,
 * starting a community and editing its charter, adding spaces, members and requests.
 * Each handler reads the form, calls the service as the viewer, and renders.
 */
import { presentTemplate } from "../checkins/checkins.presenter.ts";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { AppError, notSignedIn } from "../shared/errors.ts";
import { msg, type Message } from "../shared/i18n/message.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { attempt, problemFrom, type FormProblem } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, type FormSpec } from "../web/schema-form.ts";
import { DecisionBody, JoinBody, RoleBody } from "./communities.schemas.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { charterProblem, EMPTY_CHARTER_FORM, formFromCommunity, readCharterForm } from "./charter-form.ts";
import { CharterFormPage } from "./charter-form.page.tsx";
import { careFormFromCharter, careProblem, readCareForm } from "./care-form.ts";
import { carePath, CareFormPage } from "./care-form.page.tsx";
import type { CommunityView } from "./communities.presenter.ts";
import { CommunityPage, manages, type SpaceAdded } from "./community.page.tsx";
import { HomePage } from "./home.page.tsx";
import { MembersPage } from "./members.page.tsx";
import { DeleteSpacePage, EMPTY_SPACE_FORM, readSpaceEditForm, readSpaceForm, SpaceFormPage, SpaceSettingsPage, spaceProblem } from "./space-form.page.tsx";
import { WelcomePage } from "./welcome.page.tsx";
import { HelpPage } from "./help.page.tsx";
import { seeOther, sendToSignIn } from "../web/redirect-target.ts";
import type { Translator } from "../shared/i18n/translator.ts";

type SlugParams = { Params: { slug: string } };
type MemberParams = { Params: { slug: string; personaId: string } };

const hide = { schema: { hide: true } };
/** The join form's one field, on JoinBody, in the reader's language. */
const joinForm = (t: Translator) => ({ message: { label: t.text("community.joinMessage") } }) satisfies FormSpec;
const RECENT_SPACES = 6;
const RECENT_THREADS = 5;

/** A query parameter as one string, whatever the address held. */
function queryString(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" && value ? value : undefined;
}

/**
 * The confirmation after adding a space (`?added=<space>`), for those who run the
 * community only; from the spaces the page lists anyway, so the address tells nothing new.
 */
function spaceAdded(community: CommunityView, slug: string | undefined): SpaceAdded | null {
  if (!slug || !community.can?.manage) return null;
  const readable = community.spaces?.find((s) => s.slug === slug);
  if (readable) return { name: readable.name, readable: true };
  const locked = community.lockedSpaces?.find((s) => s.slug === slug);
  return locked ? { name: locked.name, readable: false } : null;
}


export async function communitiesPages(app: FastifyInstance, { services, config }: RouteContext) {
  const ctxOf = (request: FastifyRequest) => pageContext(request, services);

  /** Loads a community the viewer runs; guests are sent to sign in (null), others get a 403. */
  const managedCommunity = async (request: FastifyRequest<SlugParams>, reply: FastifyReply, refusal: Message) => {
    const community = await services.communities.get(request.viewer, request.params.slug);
    if (manages(community)) return community;
    if (!isSignedIn(request.viewer)) {
      if (request.method === "GET") {
        await sendToSignIn(reply, request.url);
        return null;
      }
      throw notSignedIn();
    }
    throw new AppError("forbidden", 403, refusal);
  };

  const showCommunity = async (request: FastifyRequest<SlugParams>, reply: FastifyReply, problem?: FormProblem, status = 200) => {
    const community = await services.communities.get(request.viewer, request.params.slug);
    const recent = await services.discussion.recentThreads(request.viewer, community.slug, RECENT_SPACES, RECENT_THREADS);
    const openReports = await services.moderation.openReportCount(request.viewer, community.slug);
    // A member checks in from here in one press (src/checkins): the questions, answered as last time.
    const form = community.myMembership?.status === "member" ? await services.checkins.form(request.viewer, community.slug) : null;
    const checkin = form ? { ...form, template: presentTemplate(form.template, request.i18n) } : null;
    // A member's own ladder of small steps, with the next one here (src/participation).
    const ladder =
      community.myMembership?.status === "member"
        ? {
            ladder: await services.participation.ladder(request.viewer),
            links: { community: community.slug, firstSpace: community.spaces?.[0]?.slug ?? null, welcome: await services.participation.welcomeThread(request.viewer, community.slug) },
          }
        : null;
    return sendPage(
      reply,
      <CommunityPage ctx={await ctxOf(request)} community={community} recent={recent} problem={problem ?? null} openReports={openReports} added={spaceAdded(community, queryString(request, "added"))} checkin={checkin} ladder={ladder} lineage={await services.forks.lineage(request.viewer, community.slug)} events={(await services.meetups.list(request.viewer, community.slug, "upcoming", 3))} />,
      status,
    );
  };

  const showMembers = async (request: FastifyRequest<SlugParams>, reply: FastifyReply, problem?: FormProblem, status = 200) => {
    const { viewer, params } = request;
    const community = await services.communities.get(viewer, params.slug);
    const pending = await services.communities.listMembers(viewer, params.slug, "pending", undefined, 100);
    const members = await services.communities.listMembers(viewer, params.slug, "member", queryString(request, "cursor"));
    return sendPage(
      reply,
      <MembersPage ctx={await ctxOf(request)} community={community} pending={pending.items} members={members} problem={problem ?? null} />,
      status,
    );
  };

  app.get("/", hide, async (request, reply) => {
    const page = await services.communities.list(request.viewer, queryString(request, "cursor"));
    const mayStart = services.communities.mayCreate(request.viewer);
    return sendPage(reply, <HomePage ctx={await ctxOf(request)} communities={page.items} mayStart={mayStart} more={page.nextCursor} />);
  });

  app.get<SlugParams>("/c/:slug", hide, async (request, reply) => showCommunity(request, reply));

  app.post<SlugParams>("/c/:slug/join", hide, async (request, reply) => {
    const path = `/c/${encodeURIComponent(request.params.slug)}`;
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, path);
    const form = readSchemaForm(request.body, JoinBody, joinForm(request.i18n), {}, request.i18n);
    const problem = schemaProblem(form);
    if (problem || !form.input) return showCommunity(request, reply, problem ?? undefined, 400);
    const input = form.input;
    const result = await attempt(() => services.communities.join(request.viewer, request.params.slug, input));
    if (!result.ok) return showCommunity(request, reply, problemFrom(result.error, undefined, request.i18n), result.error.status);
    return redirectAfterPost(reply, path);
  });

  app.post<SlugParams>("/c/:slug/leave", hide, async (request, reply) => {
    const path = `/c/${encodeURIComponent(request.params.slug)}`;
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, path);
    const result = await attempt(() => services.communities.leave(request.viewer, request.params.slug));
    if (!result.ok) return showCommunity(request, reply, problemFrom(result.error, undefined, request.i18n), result.error.status);
    return redirectAfterPost(reply, path);
  });

  // Starting a community.
  // The service's own check and message (communities.checkMayCreate), asked before the form is shown.
  const mayStartOr403 = (viewer: Viewer) => services.communities.checkMayCreate(viewer);
  const newMode = { kind: "new" as const, publicUrl: config.publicUrl };

  app.get("/communities/new", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, "/communities/new");
    mayStartOr403(request.viewer);
    return sendPage(reply, <CharterFormPage ctx={await ctxOf(request)} mode={newMode} values={EMPTY_CHARTER_FORM} />);
  });

  app.post("/communities/new", hide, async (request, reply) => {
    if (isSignedIn(request.viewer)) mayStartOr403(request.viewer);
    const form = readCharterForm(request.body, { withSlug: true }, request.i18n);
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <CharterFormPage ctx={await ctxOf(request)} mode={newMode} values={form.values} problem={problem} />, status);
    if (!form.input) return show(form.problem ?? { message: request.i18n.text("community.checkTheForm") }, 400);
    const input = form.input;
    const result = await attempt(() => services.communities.create(request.viewer, input));
    if (!result.ok) return show(charterProblem(result.error, form.lines, request.i18n), result.error.status);
    return redirectAfterPost(reply, `/c/${result.value.slug}`);
  });

  // Editing the charter.
  const charterRefusal = msg("community.onlyStewardsCharter");

  app.get<SlugParams>("/c/:slug/settings", hide, async (request, reply) => {
    const community = await managedCommunity(request, reply, charterRefusal);
    if (!community) return reply;
    const mode = { kind: "settings" as const, slug: community.slug, communityName: community.name };
    return sendPage(reply, <CharterFormPage ctx={await ctxOf(request)} mode={mode} values={formFromCommunity(community)} />);
  });

  app.post<SlugParams>("/c/:slug/settings", hide, async (request, reply) => {
    const community = await managedCommunity(request, reply, charterRefusal);
    if (!community) return reply;
    const mode = { kind: "settings" as const, slug: community.slug, communityName: community.name };
    const form = readCharterForm(request.body, { withSlug: false }, request.i18n);
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <CharterFormPage ctx={await ctxOf(request)} mode={mode} values={form.values} problem={problem} />, status);
    if (!form.input) return show(form.problem ?? { message: request.i18n.text("community.checkTheForm") }, 400);
    const { slug: _slug, ...patch } = form.input;
    const result = await attempt(() => services.communities.update(request.viewer, community.slug, patch));
    if (!result.ok) return show(charterProblem(result.error, form.lines, request.i18n), result.error.status);
    return redirectAfterPost(reply, `/c/${community.slug}`);
  });

  // The check-ins and safety settings (ADR 42): the same charter, through its own form.
  app.get<SlugParams>("/c/:slug/settings/care", hide, async (request, reply) => {
    const community = await managedCommunity(request, reply, charterRefusal);
    if (!community) return reply;
    const saved = queryString(request, "saved") === "1";
    return sendPage(reply, <CareFormPage ctx={await ctxOf(request)} community={community} values={careFormFromCharter(community.charter)} saved={saved} />);
  });

  app.post<SlugParams>("/c/:slug/settings/care", hide, async (request, reply) => {
    const community = await managedCommunity(request, reply, charterRefusal);
    if (!community) return reply;
    const form = readCareForm(request.body, request.i18n);
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <CareFormPage ctx={await ctxOf(request)} community={community} values={form.values} problem={problem} />, status);
    if (!form.patch) return show(form.problem ?? { message: request.i18n.text("community.checkTheForm") }, 400);
    const patch = form.patch;
    const result = await attempt(() => services.communities.update(request.viewer, community.slug, patch));
    if (!result.ok) return show(careProblem(result.error, form.lines, request.i18n), result.error.status);
    return redirectAfterPost(reply, `${carePath(community.slug)}?saved=1`);
  });

  // Adding a space.
  const spaceRefusal = msg("community.onlyStewardsAddSpaces");

  app.get<SlugParams>("/c/:slug/spaces/new", hide, async (request, reply) => {
    const community = await managedCommunity(request, reply, spaceRefusal);
    if (!community) return reply;
    return sendPage(reply, <SpaceFormPage ctx={await ctxOf(request)} community={community} values={EMPTY_SPACE_FORM} />);
  });

  app.post<SlugParams>("/c/:slug/spaces/new", hide, async (request, reply) => {
    const community = await managedCommunity(request, reply, spaceRefusal);
    if (!community) return reply;
    const form = readSpaceForm(request.body, request.i18n);
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <SpaceFormPage ctx={await ctxOf(request)} community={community} values={form.values} problem={problem} />, status);
    if (!form.input) return show(form.problem ?? { message: request.i18n.text("community.checkTheForm") }, 400);
    const input = form.input;
    const result = await attempt(() => services.communities.createSpace(request.viewer, community.slug, input));
    if (!result.ok) return show(spaceProblem(result.error, request.i18n), result.error.status);
    // A space its creator cannot read (a clinicians' space, say) would be "Page not found": back to the community, with a confirmation.
    if (!community.can?.readSpaceFor[input.visibility]) return redirectAfterPost(reply, `/c/${community.slug}?added=${encodeURIComponent(result.value.slug)}`);
    return redirectAfterPost(reply, `/c/${community.slug}/s/${result.value.slug}`);
  });

  // Renaming and deleting a space: those who run the community, whether or not they can read it.
  type SpaceParams = { Params: { slug: string; space: string } };
  const managedSpace = async (request: FastifyRequest<SpaceParams>, reply: FastifyReply) => {
    const community = await managedCommunity(request as unknown as FastifyRequest<SlugParams>, reply, msg("community.onlyStewardsChangeSpaces"));
    if (!community) return null;
    const space = [...(community.spaces ?? []), ...(community.lockedSpaces ?? [])].find((s) => s.slug === request.params.space);
    if (!space) throw new AppError("not_found", 404, msg("community.spaceNotFound"));
    const description = community.spaces?.find((s) => s.slug === space.slug)?.description ?? "";
    return { community, space, description };
  };

  app.get<SpaceParams>("/c/:slug/spaces/:space/settings", hide, async (request, reply) => {
    const found = await managedSpace(request, reply);
    if (!found) return reply;
    const values = { name: found.space.name, description: found.description };
    return sendPage(reply, <SpaceSettingsPage ctx={await ctxOf(request)} community={found.community} space={found.space} values={values} />);
  });

  app.post<SpaceParams>("/c/:slug/spaces/:space/settings", hide, async (request, reply) => {
    const found = await managedSpace(request, reply);
    if (!found) return reply;
    const form = readSpaceEditForm(request.body, request.i18n);
    const show = async (problem: FormProblem, status: number) =>
      sendPage(reply, <SpaceSettingsPage ctx={await ctxOf(request)} community={found.community} space={found.space} values={form.values} problem={problem} />, status);
    if (form.problem || !form.input) return show(form.problem ?? { message: request.i18n.text("community.checkTheForm") }, 400);
    const { name, description } = form.input;
    // A space the viewer cannot read keeps its description: they never saw it, so the form did not hold it.
    const readable = found.community.spaces?.some((s) => s.slug === found.space.slug) ?? false;
    const result = await attempt(() => services.communities.updateSpace(request.viewer, found.community.slug, found.space.slug, { name, ...(readable ? { description } : {}) }));
    if (!result.ok) return show(problemFrom(result.error, undefined, request.i18n), result.error.status);
    return redirectAfterPost(reply, `/c/${found.community.slug}`);
  });

  app.get<SpaceParams>("/c/:slug/spaces/:space/delete", hide, async (request, reply) => {
    const found = await managedSpace(request, reply);
    if (!found) return reply;
    return sendPage(reply, <DeleteSpacePage ctx={await ctxOf(request)} community={found.community} space={found.space} />);
  });

  app.post<SpaceParams>("/c/:slug/spaces/:space/delete", hide, async (request, reply) => {
    const found = await managedSpace(request, reply);
    if (!found) return reply;
    await services.communities.deleteSpace(request.viewer, found.community.slug, found.space.slug);
    return redirectAfterPost(reply, `/c/${found.community.slug}`);
  });

  // The page joining lands on: what happens next. Only for members and applicants; others go to the community page.
  app.get<SlugParams>("/c/:slug/help", hide, async (request, reply) => {
    const help = await services.communities.crisisHelp(request.viewer, request.params.slug);
    return sendPage(reply, <HelpPage ctx={await pageContext(request, services)} help={help} />);
  });

  app.get<SlugParams>("/c/:slug/welcome", hide, async (request, reply) => {
    const community = await services.communities.get(request.viewer, request.params.slug);
    if (!community.myMembership) return seeOther(reply, `/c/${encodeURIComponent(community.slug)}`);
    const welcomeThread = await services.participation.welcomeThread(request.viewer, community.slug);
    return sendPage(reply, <WelcomePage ctx={await ctxOf(request)} community={community} welcomeThread={welcomeThread} />);
  });

  // Members and requests to join.
  app.get<SlugParams>("/c/:slug/members", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) {
      await services.communities.get(request.viewer, request.params.slug); // a 404 for communities the guest cannot see
      return sendToSignIn(reply, request.url);
    }
    return showMembers(request, reply);
  });

  app.post<MemberParams>("/c/:slug/members/:personaId/decision", hide, async (request, reply) => {
    // The API's DecisionBody: one of its two choices, or the members page again saying which.
    const choose = request.i18n.text("members.chooseDecision");
    const form = readSchemaForm(request.body, DecisionBody, { decision: { label: request.i18n.text("members.decision"), required: choose, choose } }, {}, request.i18n);
    if (!form.input) return showMembers(request, reply, { message: choose }, 400);
    const { decision } = form.input;
    const result = await attempt(() => services.communities.decide(request.viewer, request.params.slug, request.params.personaId, decision));
    if (!result.ok) return showMembers(request, reply, problemFrom(result.error, undefined, request.i18n), result.error.status);
    return redirectAfterPost(reply, `/c/${encodeURIComponent(request.params.slug)}/members`);
  });

  app.post<MemberParams>("/c/:slug/members/:personaId/role", hide, async (request, reply) => {
    const choose = request.i18n.text("members.chooseRole");
    const form = readSchemaForm(request.body, RoleBody, { role: { label: request.i18n.text("members.role"), required: choose, choose } }, {}, request.i18n);
    if (!form.input) return showMembers(request, reply, { message: choose }, 400);
    const { role } = form.input;
    const result = await attempt(() => services.communities.setRole(request.viewer, request.params.slug, request.params.personaId, role));
    if (!result.ok) return showMembers(request, reply, problemFrom(result.error, undefined, request.i18n), result.error.status);
    return redirectAfterPost(reply, `/c/${encodeURIComponent(request.params.slug)}/members`);
  });
}
