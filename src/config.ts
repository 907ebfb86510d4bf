/**
 * The one place that reads the environment. Every setting is validated here and
 * a bad value stops start-up with a sentence saying what to set.
 * The settings are the public contract of shared/API.md; README.md lists them.
 */
import path from "node:path";
import { DEFAULT_LOCALE, isLocale, OFFERED_LOCALES, type Locale } from "./shared/i18n/locales.ts";

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
  /** HEARTH_REQUIRE_2FA: administrators, verifiers, community owners and moderators and verified clinicians must use two-step sign-in. */
  requireSecondFactor: boolean;
  /** Sign-in with an OpenID Connect provider (HEARTH_OIDC_*); null when off. */
  oidc: OidcConfig | null;
  /** HEARTH_CLINICIAN_NETWORK: administrators may start the server's cross-community clinicians' network. */
  clinicianNetwork: boolean;
  /** HEARTH_SECRET: the root key CSRF tokens are derived from; null means one made once and kept in the database. */
  secret: string | null;
  /** HEARTH_LOCALE: the language of pages for a reader whose browser asks for none Hearth has (default en-GB). */
  locale: Locale;
  /** HEARTH_SIGNING_KEY: the Ed25519 private key (PKCS#8 PEM) archives are signed with; null means one made once in the data directory (ADR 44). */
  signingKey: string | null;
};

export type OidcConfig = {
  /** The provider's issuer identifier; its discovery document is at /.well-known/openid-configuration below it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What people call the provider, for buttons and pages ("NHS login"). */
  name: string;
  /** Where the provider sends people back: HEARTH_PUBLIC_URL + /auth/oidc/callback. */
  redirectUri: string;
};

export class ConfigError extends Error {}

function flag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "on", "yes"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "off", "no"].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1 or 0 (or on/off); it is "${raw}".`);
}

const isLoopback = (hostname: string) => hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/** The OpenID Connect provider settings: all of issuer, client id and secret, or none of them. */
function loadOidc(env: NodeJS.ProcessEnv, publicUrl: string): OidcConfig | null {
  const issuer = env.HEARTH_OIDC_ISSUER?.trim() || "";
  const clientId = env.HEARTH_OIDC_CLIENT_ID?.trim() || "";
  const clientSecret = env.HEARTH_OIDC_CLIENT_SECRET || "";
  const name = env.HEARTH_OIDC_NAME?.trim() || "";
  const given = [issuer, clientId, clientSecret].filter(Boolean).length;
  if (given === 0) {
    if (name) throw new ConfigError("HEARTH_OIDC_NAME is set, but sign-in with another provider is off. Set HEARTH_OIDC_ISSUER, HEARTH_OIDC_CLIENT_ID and HEARTH_OIDC_CLIENT_SECRET too, or unset HEARTH_OIDC_NAME.");
    return null;
  }
  if (given < 3) {
    const missing = [!issuer && "HEARTH_OIDC_ISSUER", !clientId && "HEARTH_OIDC_CLIENT_ID", !clientSecret && "HEARTH_OIDC_CLIENT_SECRET"].filter(Boolean).join(" and ");
    throw new ConfigError(`Sign-in with an OpenID Connect provider needs HEARTH_OIDC_ISSUER, HEARTH_OIDC_CLIENT_ID and HEARTH_OIDC_CLIENT_SECRET together; ${missing} is not set. Set it, or unset all three to turn this sign-in off.`);
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigError(`HEARTH_OIDC_ISSUER must be the provider's issuer URL, such as https://auth.login.nhs.uk; it is "${issuer}".`);
  }
  // Plain http only for a provider on this machine (trying Hearth out, tests); anything else must be https.
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new ConfigError(`HEARTH_OIDC_ISSUER must start with https:// (plain http is allowed only for a provider on this machine); it is "${issuer}".`);
  }
  if (name.length > 60) throw new ConfigError("HEARTH_OIDC_NAME is shown on buttons; keep it under 60 characters.");
  return { issuer, clientId, clientSecret, name: name || url.hostname, redirectUri: `${publicUrl}/auth/oidc/callback` };
}

/** HEARTH_SECRET: unset, or at least 32 characters without spaces (e.g. `openssl rand -base64 32`). */
function loadSecret(raw: string | undefined): string | null {
  if (raw === undefined || raw === "") return null;
  if (raw.length < 32 || /[^\x21-\x7e]/.test(raw)) {
    throw new ConfigError("HEARTH_SECRET must be at least 32 characters with no spaces; make one with `openssl rand -base64 32`, or unset it to let Hearth keep one in its database.");
  }
  return raw;
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
  const locale = env.HEARTH_LOCALE || DEFAULT_LOCALE;
  if (!isLocale(locale)) {
    throw new ConfigError(`HEARTH_LOCALE must be one of ${OFFERED_LOCALES.map((l) => l.locale).join(", ")}; it is "${locale}".`);
  }
  return {
    locale,
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
    requireSecondFactor: flag("HEARTH_REQUIRE_2FA", env.HEARTH_REQUIRE_2FA, false),
    oidc: loadOidc(env, publicUrl),
    clinicianNetwork: flag("HEARTH_CLINICIAN_NETWORK", env.HEARTH_CLINICIAN_NETWORK, false),
    secret: loadSecret(env.HEARTH_SECRET),
    signingKey: env.HEARTH_SIGNING_KEY?.trim() ? env.HEARTH_SIGNING_KEY.replace(/\\n/g, "\n") : null,
  };
}
