/**
 * The composition root: builds every service from the settings and an open
 * database. The web server, the worker, the CLI and the tests all start here.
 */
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/connection.ts";
import { AccountsService } from "./accounts/accounts.service.ts";
import { SecondFactorService } from "./security/second-factor.service.ts";
import { CommunitiesService } from "./communities/communities.service.ts";
import { DiscussionService } from "./discussion/discussion.service.ts";
import { EventBus } from "./events/event-bus.ts";
import { JobQueue } from "./jobs/queue.ts";
import { subscribeJoinRequestMail } from "./jobs/join-request-mail.job.ts";
import { subscribeOutcomeNotifications } from "./jobs/outcome-notifications.job.ts";
import { subscribeNameReview } from "./clinicians/name-review.job.ts";
import { JobEffectsService } from "./jobs/job-effects.service.ts";
// Reactions and notifications (src/reactions, src/notifications).
import { ReactionsService } from "./reactions/reactions.service.ts";
import { NotificationsService } from "./notifications/notifications.service.ts";
import { subscribeNotifications } from "./notifications/notifications.job.ts";
import { createMailer, type Mailer } from "./mail/mailer.ts";
import { SearchService } from "./search/search.service.ts";
import { DemoService } from "./demo/demo.service.ts";
import { PersonasService } from "./personas/personas.service.ts";
import { CliniciansService } from "./clinicians/clinicians.service.ts";
import { manualReview } from "./clinicians/verifier.ts";
import { demoSeedVerifier } from "./demo/demo-verifier.ts";
import { ClinicianNetworkService } from "./clinicians/clinician-network.service.ts";
import { ExternalIdentityService } from "./external-identity/external-identity.service.ts";
import { OidcClient } from "./external-identity/oidc-client.ts";
import { ModerationService } from "./moderation/moderation.service.ts";
import { BreakGlassService } from "./moderation/break-glass.service.ts";
import { AuditLogService } from "./moderation/audit.service.ts";
import { ServerSecretService } from "./security/server-secret.service.ts";

export type Services = {
  accounts: AccountsService;
  secondFactor: SecondFactorService;
  communities: CommunitiesService;
  discussion: DiscussionService;
  search: SearchService;
  personas: PersonasService;
  clinicians: CliniciansService;
  clinicianNetwork: ClinicianNetworkService;
  externalIdentity: ExternalIdentityService;
  moderation: ModerationService;
  breakGlass: BreakGlassService;
  auditLog: AuditLogService;
  reactions: ReactionsService;
  notifications: NotificationsService;
  demo: DemoService;
  queue: JobQueue;
  jobEffects: JobEffectsService;
  events: EventBus;
  mailer: Mailer;
  serverSecret: ServerSecretService;
};

/** Builds the services. Call `services.queue.start()` before serving requests. */
export function createServices(config: Config, database: DatabaseHandle, options: { work: boolean; mailer?: Mailer }): Services {
  const { db } = database;
  const queue = JobQueue.create(database.pool, { work: options.work });
  const events = new EventBus(queue);
  const mailer = options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, dataDir: config.dataDir, from: `Hearth <no-reply@${new URL(config.publicUrl).hostname}>` });
  const secondFactor = new SecondFactorService(db, config.rateLimits, {
    requiredByHost: config.requireSecondFactor,
    issuer: `Hearth (${new URL(config.publicUrl).hostname})`,
  });
  const accounts = new AccountsService(db, events, config.rateLimits, secondFactor);
  const communities = new CommunitiesService(db, events, config.communityCreation);
  const discussion = new DiscussionService(db, events, communities);
  const search = new SearchService(db, communities);
  const personas = new PersonasService(db, events);
  const clinicians = new CliniciansService(db, events, manualReview);
  const clinicianNetwork = new ClinicianNetworkService(db, events, communities, config.clinicianNetwork);
  const externalIdentity = new ExternalIdentityService(db, accounts, secondFactor, config.oidc ? new OidcClient(config.oidc) : null, config.oidc?.issuer ?? null);
  const moderation = new ModerationService(db, events, communities, config.rateLimits);
  const breakGlass = new BreakGlassService(db, events);
  const auditLog = new AuditLogService(db);
  const demo = new DemoService(db, accounts, communities, discussion, new CliniciansService(db, events, demoSeedVerifier), personas);
  const jobEffects = new JobEffectsService(db);
  subscribeJoinRequestMail(events, communities, mailer, jobEffects, config.publicUrl);
  const reactions = new ReactionsService(db, communities);
  const notifications = new NotificationsService(db, accounts, communities, config.publicUrl);
  subscribeNotifications(events, notifications);
  subscribeNameReview(events, clinicians);
  subscribeOutcomeNotifications(events, { notifications, clinicians, moderation, breakGlass }, mailer, jobEffects);
  const serverSecret = new ServerSecretService(db, config.secret);
  return { serverSecret, reactions, notifications, moderation, breakGlass, auditLog, accounts, secondFactor, communities, discussion, search, personas, clinicians, clinicianNetwork, externalIdentity, demo, queue, jobEffects, events, mailer };
}
