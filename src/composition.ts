/**
 * The composition root: builds every service from the settings and an open
 * database. The web server, the worker, the CLI and the tests all start here.
 */
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/connection.ts";
import { AccountsService } from "./accounts/accounts.service.ts";
import { CommunitiesService } from "./communities/communities.service.ts";
import { DiscussionService } from "./discussion/discussion.service.ts";
import { EventBus } from "./events/event-bus.ts";
import { JobQueue } from "./jobs/queue.ts";
import { subscribeJoinRequestMail } from "./jobs/join-request-mail.job.ts";
import { createMailer, type Mailer } from "./mail/mailer.ts";
import { SearchService } from "./search/search.service.ts";
import { DemoService } from "./demo/demo.service.ts";
import { PersonasService } from "./personas/personas.service.ts";
import { CliniciansService } from "./clinicians/clinicians.service.ts";
import { manualReview } from "./clinicians/verifier.ts";

export type Services = {
  accounts: AccountsService;
  communities: CommunitiesService;
  discussion: DiscussionService;
  search: SearchService;
  personas: PersonasService;
  clinicians: CliniciansService;
  demo: DemoService;
  queue: JobQueue;
  events: EventBus;
  mailer: Mailer;
};

/** Builds the services. Call `services.queue.start()` before serving requests. */
export function createServices(config: Config, database: DatabaseHandle, options: { work: boolean; mailer?: Mailer }): Services {
  const { db } = database;
  const queue = JobQueue.create(database.pool, { work: options.work });
  const events = new EventBus(queue);
  const mailer = options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, dataDir: config.dataDir, from: `Hearth <no-reply@${new URL(config.publicUrl).hostname}>` });
  const accounts = new AccountsService(db, events, config.rateLimits);
  const communities = new CommunitiesService(db, events, config.communityCreation);
  const discussion = new DiscussionService(db, events, communities);
  const search = new SearchService(db, communities);
  const personas = new PersonasService(db, events);
  const clinicians = new CliniciansService(db, events, manualReview);
  const demo = new DemoService(db, accounts, communities, discussion);
  subscribeJoinRequestMail(events, communities, mailer, config.publicUrl);
  return { accounts, communities, discussion, search, personas, clinicians, demo, queue, events, mailer };
}
