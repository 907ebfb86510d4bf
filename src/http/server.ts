/**
 * Builds the Fastify server: plumbing (cookies, forms, validation, security
 * headers, compression, sessions, CSRF, errors, OpenAPI) then the feature routes
 * and pages. Nothing here knows about SQL.
 */
import zlib from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import compress from "@fastify/compress";
import type { Config } from "../config.ts";
import type { Services } from "../composition.ts";
import { accountsRoutes } from "../accounts/accounts.routes.ts";
import { recoveryRoutes } from "../accounts/recovery.routes.ts";
import { communitiesRoutes } from "../communities/communities.routes.ts";
import { discussionRoutes } from "../discussion/discussion.routes.ts";
import { searchRoutes } from "../search/search.routes.ts";
import { personasRoutes } from "../personas/personas.routes.ts";
import { cliniciansRoutes } from "../clinicians/clinicians.routes.ts";
import { clinicianNetworkRoutes } from "../clinicians/clinician-network.routes.ts";
import { externalIdentityRoutes } from "../external-identity/external-identity.routes.ts";
import { moderationRoutes } from "../moderation/moderation.routes.ts";
import { breakGlassRoutes } from "../moderation/break-glass.routes.ts";
import { secondFactorRoutes } from "../security/second-factor.routes.ts";
import { reactionsRoutes } from "../reactions/reactions.routes.ts";
import { checkinsRoutes } from "../checkins/checkins.routes.ts";
import { participationRoutes } from "../participation/participation.routes.ts";
import { glossaryRoutes } from "../glossary/glossary.routes.ts";
import { questionMetricsRoutes } from "../questions/metrics.routes.ts";
import { learningLogRoutes } from "../learning-log/learning-log.routes.ts";
import { pollsRoutes } from "../polls/polls.routes.ts";
import { meetupsRoutes } from "../meetups/meetups.routes.ts";
import { calendarRoutes } from "../meetups/calendar.routes.ts";
import { questionsRoutes } from "../questions/questions.routes.ts";
import { expertiseRoutes } from "../questions/expertise.routes.ts";
import { notificationsRoutes } from "../notifications/notifications.routes.ts";
import { followsRoutes } from "../follows/follows.routes.ts";
import { forksRoutes } from "../forks/forks.routes.ts";
import { claimsRoutes } from "../archive/claims.routes.ts";
import { installSecondFactorGuard } from "./second-factor-guard.ts";
import { registerPages, renderErrorPage } from "../web/pages.tsx";
import { installApiMediaType } from "./api-media-type.ts";
import { installCsrf } from "./csrf.ts";
import { installOriginCheck } from "./origin-check.ts";
import { answerFrameworkError, installErrorHandlers } from "./errors.ts";
import { healthRoutes } from "./health.routes.ts";
import { installOpenApi } from "./openapi.ts";
import { installSecurityHeaders } from "./security-headers.ts";
import { installSessions } from "./session.ts";
import { installLocale } from "./locale.ts";
import { installJsonParser, installValidation } from "./validation.ts";
import { installInputGuard } from "./input-guard.ts";

export type ServerOptions = { logger?: boolean | object; healthCheck: () => Promise<boolean> };

/** Serialises requests for the log without query strings (a search is health data) or personal data. */
const requestSerializer = (request: { method: string; url: string; id: string }) => ({
  id: request.id,
  method: request.method,
  path: request.url.split("?")[0],
});

export async function buildServer(config: Config, services: Services, options: ServerOptions): Promise<FastifyInstance> {
  const https = config.publicUrl.startsWith("https:");
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { level: config.logLevel, serializers: { req: requestSerializer as never }, ...(typeof options.logger === "object" ? options.logger : {}) },
    bodyLimit: 128 * 1024,
    trustProxy: https,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerFrameworkError(renderErrorPage),
  });
  installValidation(app);
  installJsonParser(app);
  installInputGuard(app);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 128 * 1024 });
  await installSecurityHeaders(app, https);
  // Brotli at quality 4: most of the saving of higher levels for a fraction of the CPU.
  await app.register(compress, { threshold: 1024, encodings: ["br", "gzip"], brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
  await installOpenApi(app, config);
  installSessions(app, services.accounts, config.publicUrl);
  installLocale(app, config.locale, config.publicUrl, (viewer, slug) => services.communities.languageOf(viewer, slug));
  // After the reader's language is known, so a 415 is said in it; still onRequest, before any body is read.
  installApiMediaType(app);
  installOriginCheck(app, config.publicUrl);
  installSecondFactorGuard(app);
  installCsrf(app, { publicUrl: config.publicUrl, key: () => services.serverSecret.keyFor("csrf") });
  installErrorHandlers(app, renderErrorPage);

  const context = { services, config };
  await app.register(healthRoutes, { check: options.healthCheck });
  await app.register(accountsRoutes, context);
  await app.register(recoveryRoutes, context);
  await app.register(communitiesRoutes, context);
  await app.register(discussionRoutes, context);
  await app.register(searchRoutes, context);
  await app.register(personasRoutes, context);
  await app.register(cliniciansRoutes, context);
  await app.register(clinicianNetworkRoutes, context);
  await app.register(externalIdentityRoutes, context);
  await app.register(moderationRoutes, context);
  await app.register(breakGlassRoutes, context);
  await app.register(secondFactorRoutes, context);
  await app.register(reactionsRoutes, context);
  await app.register(checkinsRoutes, context);
  await app.register(participationRoutes, context);
  await app.register(glossaryRoutes, context);
  await app.register(questionMetricsRoutes, context);
  await app.register(learningLogRoutes, context);
  await app.register(pollsRoutes, context);
  await app.register(meetupsRoutes, context);
  await app.register(calendarRoutes, context);
  await app.register(questionsRoutes, context);
  await app.register(expertiseRoutes, context);
  await app.register(notificationsRoutes, context);
  await app.register(followsRoutes, context);
  await app.register(forksRoutes, context);
  await app.register(claimsRoutes, context);
  await app.register(registerPages, context);
  return app;
}
