/** Registers every server-rendered page and the error page. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { GUEST } from "../shared/viewer.ts";
import { english } from "../shared/i18n/translator.ts";
import { assetRoutes } from "./assets.ts";
import { ErrorPage } from "./error.page.tsx";
import { renderDocument } from "./render.ts";
import { accountsPages } from "../accounts/accounts.pages.tsx";
import { languagePages } from "../accounts/language.pages.tsx";
import { accountPages } from "../accounts/account.pages.tsx";
import { passwordResetPages } from "../accounts/password-reset.pages.tsx";
import { passwordPages } from "../accounts/password.pages.tsx";
import { communitiesPages } from "../communities/communities.pages.tsx";
import { discussionPages } from "../discussion/discussion.pages.tsx";
import { searchPages } from "../search/search.pages.tsx";
import { personasPages } from "../personas/personas.pages.tsx";
import { cliniciansPages } from "../clinicians/clinicians.pages.tsx";
import { moderationPages } from "../moderation/moderation.pages.tsx";
import { securityPages } from "../security/security.pages.tsx";
import { signInCodePages } from "../security/sign-in-code.pages.tsx";
import { sessionsPages } from "../security/sessions.pages.tsx";
import { externalIdentityPages } from "../external-identity/external-identity.pages.tsx";
import { reactionsPages } from "../reactions/reactions.pages.tsx";
import { checkinsPages } from "../checkins/checkins.pages.tsx";
import { glossaryPages } from "../glossary/glossary.pages.tsx";
import { pollsPages } from "../polls/polls.pages.tsx";
import { meetupsPages } from "../meetups/meetups.pages.tsx";
import { notificationsPages } from "../notifications/notifications.pages.tsx";
import { unsubscribePages } from "../notifications/unsubscribe.pages.tsx";
import { followsPages } from "../follows/follows.pages.tsx";
import { forksPages } from "../forks/forks.pages.tsx";
import { forkPages } from "../forks/fork.pages.tsx";
import { proposalsPages } from "../forks/proposals.pages.tsx";
import { participationPages } from "../participation/participation.pages.tsx";
import { archivePages } from "../archive/archive.pages.tsx";
import { claimPages } from "../archive/claims.pages.tsx";
import { archiveImportPages } from "../archive/archive-import.pages.tsx";
import { calendarPages } from "../meetups/calendar.pages.tsx";

export async function registerPages(app: FastifyInstance, context: RouteContext) {
  await app.register(assetRoutes);
  await app.register(accountsPages, context);
  await app.register(languagePages, context);
  await app.register(accountPages, context);
  await app.register(passwordResetPages, context);
  await app.register(communitiesPages, context);
  await app.register(discussionPages, context);
  await app.register(searchPages, context);
  await app.register(personasPages, context);
  await app.register(cliniciansPages, context);
  await app.register(moderationPages, context);
  await app.register(signInCodePages, context);
  await app.register(securityPages, context);
  await app.register(sessionsPages, context);
  await app.register(passwordPages, context);
  await app.register(externalIdentityPages, context);
  await app.register(reactionsPages, context);
  await app.register(checkinsPages, context);
  await app.register(glossaryPages, context);
  await app.register(pollsPages, context);
  await app.register(meetupsPages, context);
  await app.register(notificationsPages, context);
  await app.register(unsubscribePages, context);
  await app.register(followsPages, context);
  await app.register(forksPages, context);
  await app.register(forkPages, context);
  await app.register(proposalsPages, context);
  await app.register(participationPages, context);
  await app.register(archivePages, context);
  await app.register(claimPages, context);
  await app.register(archiveImportPages, context);
  await app.register(calendarPages, context);
}

export function renderErrorPage(request: FastifyRequest, status: number, error: { message: string; code: string }) {
  const ctx = { viewer: request.viewer ?? GUEST, csrfToken: request.csrfToken ?? "", showingDemo: false, path: request.url, t: request.i18n ?? english() };
  return renderDocument(<ErrorPage ctx={ctx} status={status} message={error.message} />, ctx.t);
}
