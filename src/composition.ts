/**
 * The composition root: builds every service from the settings and an open
 * database. The web server, the worker, the CLI and the tests all start here.
 */
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/connection.ts";
import { AccountsService } from "./accounts/accounts.service.ts";
import { SessionsService } from "./accounts/sessions.service.ts";
import { SecondFactorService } from "./security/second-factor.service.ts";
import { AccountRecoveryService } from "./accounts/recovery.service.ts";
import { subscribeAccountMail } from "./accounts/account-mail.job.ts";
import { CommunitiesService } from "./communities/communities.service.ts";
import { DiscussionService } from "./discussion/discussion.service.ts";
import { EventBus } from "./events/event-bus.ts";
import { JobQueue } from "./jobs/queue.ts";
import { subscribeJoinRequestMail } from "./communities/join-request-mail.job.ts";
import { subscribeOutcomeNotifications } from "./notifications/outcome-notifications.job.ts";
import { subscribeNameReview } from "./clinicians/name-review.job.ts";
import { JobEffectsService } from "./jobs/job-effects.service.ts";
// The participation ladder and welcome threads (src/participation).
import { ParticipationService } from "./participation/participation.service.ts";
import { subscribeParticipation } from "./participation/participation.job.ts";
// The glossary (src/glossary, ADR 39).
import { GlossaryService } from "./glossary/glossary.service.ts";
// The learning log (src/learning-log, ADR 50).
import { LearningLogService } from "./learning-log/learning-log.service.ts";
import { subscribeLearningLog } from "./learning-log/learning-log.job.ts";
// Check-ins (src/checkins).
import { CheckinsService } from "./checkins/checkins.service.ts";
// Reactions and notifications (src/reactions, src/notifications).
import { ReactionsService } from "./reactions/reactions.service.ts";
import { PollsService } from "./polls/polls.service.ts";
import { MeetupsService } from "./meetups/meetups.service.ts";
import { ExpertiseService } from "./questions/expertise.service.ts";
import { QuestionsService } from "./questions/questions.service.ts";
import { subscribeQuestions } from "./questions/questions.job.ts";
import { CalendarFeedsService } from "./meetups/calendar-feeds.service.ts";
import { subscribeMeetups } from "./meetups/meetups.job.ts";
import { NotificationsService } from "./notifications/notifications.service.ts";
import { subscribeNotifications } from "./notifications/notifications.job.ts";
import { NotificationEmailService } from "./notifications/notification-email.service.ts";
import { defineNotificationMail } from "./notifications/notification-mail.job.ts";
import { subscribeSafeguarding } from "./moderation/safeguarding.job.ts";
// Following and bookmarks (src/follows, ADR 35).
import { FollowsService } from "./follows/follows.service.ts";
// Forks and whose words go with them (src/forks, ADR 43).
import { ForksService } from "./forks/forks.service.ts";
// Portable community archives, signed with the server's key (src/archive, ADR 44).
import { ArchiveService } from "./archive/archive.service.ts";
import { subscribeFollows } from "./follows/follows.job.ts";
import { subscribeReminders } from "./meetups/reminders.job.ts";
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
// The edge network's response times (src/questions, ADR 51).
import { QuestionMetricsService } from "./questions/metrics.service.ts";

export type Services = {
  accounts: AccountsService;
  accountRecovery: AccountRecoveryService;
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
  checkins: CheckinsService;
  participation: ParticipationService;
  glossary: GlossaryService;
  learningLog: LearningLogService;
  polls: PollsService;
  meetups: MeetupsService;
  expertise: ExpertiseService;
  questions: QuestionsService;
  calendarFeeds: CalendarFeedsService;
  notifications: NotificationsService;
  questionMetrics: QuestionMetricsService;
  notificationEmail: NotificationEmailService;
  follows: FollowsService;
  forks: ForksService;
  archive: ArchiveService;
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
  const secondFactor = new SecondFactorService(
    db,
    config.rateLimits,
    { requiredByHost: config.requireSecondFactor, issuer: `Hearth (${new URL(config.publicUrl).hostname})` },
    new SessionsService(db),
  );
  // Personas sit below clinicians and external identity, which depend on them; what
  // personas need of those two comes through narrow interfaces, bound once both exist.
  const personas: PersonasService = new PersonasService(
    db,
    events,
    { currentVerification: (accountId, within) => clinicians.currentVerification(accountId, within), verificationWords: (accountId, within) => clinicians.verificationWords(accountId, within) },
    { profileOf: (personaId, kind) => externalIdentity.profileOf(personaId, kind) },
  );
  const accounts: AccountsService = new AccountsService(db, events, config.rateLimits, secondFactor, personas);
  const accountRecovery = new AccountRecoveryService(db, events, config.rateLimits);
  const communities = new CommunitiesService(db, events, config.communityCreation);
  const moderation = new ModerationService(db, events, communities, config.rateLimits);
  // A closed question takes no more replies: discussion asks the edge network, which sits above it.
  const discussion = new DiscussionService(db, events, communities, moderation, { refuseReply: (threadId) => questions.refuseReply(threadId) });
  const search = new SearchService(db, communities);
  const clinicians: CliniciansService = new CliniciansService(db, events, manualReview, accounts, personas);
  const clinicianNetwork = new ClinicianNetworkService(db, events, communities, config.clinicianNetwork);
  const externalIdentity: ExternalIdentityService = new ExternalIdentityService(db, accounts, personas, secondFactor, config.oidc ? new OidcClient(config.oidc) : null, config.oidc?.issuer ?? null);
  const breakGlass = new BreakGlassService(db, events);
  const auditLog = new AuditLogService(db);
  const checkins = new CheckinsService(db, communities, events);
  const glossary = new GlossaryService(db, communities);
  const jobEffects = new JobEffectsService(db);
  subscribeJoinRequestMail(events, communities, mailer, jobEffects, config.publicUrl, config.locale);
  subscribeAccountMail(events, accountRecovery, mailer, jobEffects, config.publicUrl, config.locale);
  const reactions = new ReactionsService(db, events, communities, moderation);
  const follows = new FollowsService(db, events, communities, personas, discussion);
  subscribeFollows(events, follows);
  const polls = new PollsService(db, discussion, moderation, events);
  const meetups = new MeetupsService(db, communities, moderation, events, { accounts, personas, discussion });
  subscribeMeetups(events, meetups);
  subscribeReminders(events, meetups);

  const forks = new ForksService(db, events, communities, accounts, moderation);
  const participation = new ParticipationService(db, communities, discussion, events, moderation);
  subscribeParticipation(events, participation);
  const serverSecret = new ServerSecretService(db, config.secret);
  const notificationEmail = new NotificationEmailService(db, accounts, config.publicUrl, config.locale, () => serverSecret.keyFor("unsubscribe"));
  const expertise = new ExpertiseService(db, communities, personas);
  const questions: QuestionsService = new QuestionsService(db, events, communities, discussion, expertise, { accounts, personas, notificationEmail });
  subscribeQuestions(events, questions);
  const learningLog = new LearningLogService(db);
  subscribeLearningLog(events, learningLog);
  const demo = new DemoService(db, accounts, communities, discussion, new CliniciansService(db, events, demoSeedVerifier, accounts, personas), personas, {
    moderation,
    follows,
    checkins,
    participation,
    polls,
    meetups,
    glossary,
    forks,
    expertise,
    questions,
    reactions,
    learningLog,
  });
  const notifications = new NotificationsService(db, accounts, communities, follows, personas, polls, meetups, config.publicUrl, config.locale);
  subscribeNotifications(events, notifications);
  subscribeSafeguarding(events, moderation);
  subscribeNameReview(events, clinicians);
  subscribeOutcomeNotifications(events, { notifications, clinicians, moderation, breakGlass, forks }, mailer, jobEffects);
  const archive = new ArchiveService(db, forks, communities, { publicUrl: config.publicUrl, dataDir: config.dataDir, signingKey: config.signingKey, rateLimits: config.rateLimits });
  const calendarFeeds = new CalendarFeedsService(db, () => serverSecret.keyFor("calendar-feed"));
  const questionMetrics = new QuestionMetricsService(db, communities);
  defineNotificationMail(queue, notifications, notificationEmail, mailer, jobEffects);
  return { expertise, questions, serverSecret, reactions, checkins, participation, glossary, learningLog, polls, meetups, calendarFeeds, notifications, questionMetrics, notificationEmail, follows, forks, archive, moderation, breakGlass, auditLog, accounts, accountRecovery, secondFactor, communities, discussion, search, personas, clinicians, clinicianNetwork, externalIdentity, demo, queue, jobEffects, events, mailer };
}
