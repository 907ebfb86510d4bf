/**
 * A real Hearth for one test file: a fresh database copied from the template, the
 * real services and job queue, and the Fastify server driven through inject().
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs/promises";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { loadConfig, type Config } from "../../src/config.ts";
import type { Services } from "../../src/composition.ts";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import { buildServer } from "../../src/http/server.ts";
import type { Mailer } from "../../src/mail/mailer.ts";
import { databaseAnswers, openRuntime } from "../../src/runtime.ts";
import { openTestDatabase } from "./test-database.ts";

export type TestApp = {
  app: FastifyInstance;
  services: Services;
  database: DatabaseHandle;
  config: Config;
  /** Sends a request; `token` signs it in with a bearer token. */
  request: (options: InjectOptions & { token?: string }) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
};

export async function createTestApp(
  options: { env?: Record<string, string>; mailer?: Mailer; work?: boolean } = {},
): Promise<TestApp> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-app-"));
  const config = loadConfig({
    HEARTH_DATA_DIR: dataDir,
    HEARTH_DEMO: "0",
    HEARTH_PUBLIC_URL: "http://hearth.test",
    LOG_LEVEL: "silent",
    // Test files sign up many people from one address; rate-limit tests turn it back on.
    HEARTH_RATE_LIMITS: "off",
    ...options.env,
  });
  const database = await openTestDatabase();
  const runtime = await openRuntime(config, { work: options.work ?? false, database, ...(options.mailer ? { mailer: options.mailer } : {}) });
  const app = await buildServer(config, runtime.services, { logger: false, healthCheck: () => databaseAnswers(database) });
  await app.ready();
  return {
    app,
    services: runtime.services,
    database,
    config,
    request: ({ token, headers, ...rest }) =>
      app.inject({ ...rest, headers: { ...(headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } }),
    close: async () => {
      await app.close();
      await runtime.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
