/**
 * The one place that reads the environment. Every setting is validated here and
 * a bad value stops start-up with a sentence saying what to set.
 * The settings are the public contract of shared/API.md; README.md lists them.
 */
import path from "node:path";

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string;
  demo: boolean;
  smtpUrl: string | null;
  rateLimits: boolean;
  communityCreation: "members" | "admins";
  /** Runs background jobs in the web process (always true for the embedded database). */
  runWorker: boolean;
  logLevel: string;
};

export class ConfigError extends Error {}

function flag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "on", "yes"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "off", "no"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1 or 0 (or on/off); it is "${raw}".`);
}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number between 0 and 65535; it is "${env.PORT}".`);
  }
  const host = env.HOST || "127.0.0.1";
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("DATABASE_URL must start with postgres:// or postgresql://.");
  }
  const publicUrl = (env.HEARTH_PUBLIC_URL || `http://${host}:${port}`).replace(/\/+$/, "");
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`HEARTH_PUBLIC_URL must be a full URL such as https://hearth.example.org; it is "${publicUrl}".`);
  }
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError("SMTP_URL must start with smtp:// or smtps://, for example smtp://user:pass@mail.example.org:587.");
  }
  const creation = env.HEARTH_COMMUNITY_CREATION || "members";
  if (creation !== "members" && creation !== "admins") {
    throw new ConfigError(`HEARTH_COMMUNITY_CREATION must be "members" or "admins"; it is "${creation}".`);
  }
  return {
    port,
    host,
    dataDir: path.resolve(env.HEARTH_DATA_DIR || "./data"),
    databaseUrl,
    publicUrl,
    demo: flag("HEARTH_DEMO", env.HEARTH_DEMO, databaseUrl === null),
    smtpUrl,
    rateLimits: flag("HEARTH_RATE_LIMITS", env.HEARTH_RATE_LIMITS, true),
    communityCreation: creation,
    runWorker: databaseUrl === null || flag("HEARTH_WORKER", env.HEARTH_WORKER, true),
    logLevel: env.LOG_LEVEL || "info",
  };
}
