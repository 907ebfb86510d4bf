/**
 * Opening and closing a running Hearth: the database (created and migrated when
 * new), the services and the job queue. The web server, the worker and every CLI
 * command go through here.
 */
import { startEmbeddedMaintenance } from "./db/embedded-maintenance.ts";
import type { Config } from "./config.ts";
import { openDatabase, type DatabaseHandle } from "./db/connection.ts";
import { migrate } from "./db/migrator.ts";
import { readEmbeddedTemplate } from "./db/embedded-template.ts";
import { createServices, type Services } from "./composition.ts";
import { JobQueue } from "./jobs/queue.ts";
import { startDigestSchedule } from "./notifications/notification-mail.job.ts";
import type { Mailer } from "./mail/mailer.ts";
import { sql } from "kysely";

export type Runtime = { config: Config; database: DatabaseHandle; services: Services; close: () => Promise<void> };

/**
 * `fromTemplate`: a new embedded database starts as a copy of the migrated dump `npm install`
 * wrote, when there is one for this code. `hearth migrate` does not take it, so it always
 * shows each migration being applied.
 */
export async function openConfiguredDatabase(config: Config, options: { fromTemplate?: boolean } = {}): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openDatabase({ kind: "postgres", url: config.databaseUrl });
  const template = options.fromTemplate ? readEmbeddedTemplate() : undefined;
  return openDatabase({ kind: "pglite", dataDir: config.dataDir, template });
}

/** Applies Hearth's migrations and creates the job queue's tables. */
export async function migrateAll(database: DatabaseHandle): Promise<string[]> {
  const applied = await migrate(database.db);
  await JobQueue.install(database.pool);
  return applied;
}

/** Opens everything a process needs. `work` runs background jobs in this process. */
export async function openRuntime(
  config: Config,
  options: { work: boolean; mailer?: Mailer; database?: DatabaseHandle; startQueue?: boolean; scheduleDigests?: boolean },
): Promise<Runtime> {
  const database = options.database ?? (await openConfiguredDatabase(config, { fromTemplate: true }));
  try {
    if (!options.database) await migrateAll(database);
    const services = createServices(config, database, { work: options.work, ...(options.mailer ? { mailer: options.mailer } : {}) });
    if (options.startQueue !== false) await services.queue.start();
    // The process that runs the jobs keeps the embedded database's statistics (it is the only one).
    const stopMaintenance =
      options.work && options.startQueue !== false ? startEmbeddedMaintenance(database, (line) => process.stderr.write(`${line}\n`)) : async () => {};
    // The scheduled pass that queues due digests (ADR 38): only in serve and worker processes that run jobs, not in tests.
    const stopDigests = options.work && options.scheduleDigests ? startDigestSchedule(services.queue, services.notificationEmail) : () => {};
    return {
      config,
      database,
      services,
      close: async () => {
        stopDigests();
        await stopMaintenance();
        await services.queue.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Whether the database answers a query (for /healthz). */
export async function databaseAnswers(database: DatabaseHandle): Promise<boolean> {
  await sql`select 1`.execute(database.db);
  return true;
}
