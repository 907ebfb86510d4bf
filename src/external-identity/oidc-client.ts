/**
 * The relying-party side of OpenID Connect, on `openid-client` (v6): discovery,
 * the authorization URL with state, nonce and PKCE, and the code exchange with its
 * checks (state, issuer, nonce, ID token signature, PKCE). Nothing here keeps state
 * between the two halves; the service stores it in oidc_login_states.
 */
import * as client from "openid-client";
import type { OidcConfig } from "../config.ts";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";

/** What Hearth may keep of what the provider said: who it is, and three optional profile claims. */
export type ProviderClaims = { name?: string; picture?: string; profileLink?: string };
export type ProviderAnswer = { issuer: string; subject: string; claims: ProviderClaims };

/** The secrets of one redirect to the provider; all three are made fresh every time. */
export type LoginSecrets = { state: string; nonce: string; codeVerifier: string };

const SCOPE = "openid profile";
const TIMEOUT_SECONDS = 10;

export const isHttpUrl = (value: unknown, max = 2000): value is string => {
  if (typeof value !== "string" || value.length > max) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
};

/** Keeps only the claims a member may choose to draw across, each checked for shape. */
export function pickClaims(source: Record<string, unknown>): ProviderClaims {
  const claims: ProviderClaims = {};
  if (typeof source.name === "string" && source.name.trim()) claims.name = source.name.trim().slice(0, 200);
  if (isHttpUrl(source.picture)) claims.picture = source.picture;
  if (isHttpUrl(source.profile)) claims.profileLink = source.profile;
  return claims;
}

export class OidcClient {
  private discovered: Promise<client.Configuration> | null = null;

  constructor(private readonly settings: OidcConfig) {}

  get name(): string {
    return this.settings.name;
  }

  /** Whether the provider runs on this machine (plain http was allowed for it). */
  get isLocal(): boolean {
    return new URL(this.settings.issuer).protocol === "http:";
  }

  /** Fresh state, nonce and PKCE verifier for one redirect. */
  newSecrets(): LoginSecrets {
    return { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  }

  /** The provider's address to send the browser to. */
  async authorizationUrl(secrets: LoginSecrets): Promise<string> {
    const config = await this.configuration();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: SCOPE,
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: "S256",
    });
    return url.href;
  }

  /**
   * Checks the provider's answer on the callback (its query string) against the
   * secrets of the redirect, exchanges the code and reads the profile claims.
   */
  async finish(query: string, secrets: LoginSecrets): Promise<ProviderAnswer> {
    const config = await this.configuration();
    // The redirect URI comes from the settings, never from the request's Host header.
    const currentUrl = new URL(this.settings.redirectUri);
    currentUrl.search = query;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, {
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        pkceCodeVerifier: secrets.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      throw this.explain(error);
    }
    const idToken = tokens.claims();
    if (!idToken?.sub) throw this.unchecked();
    let profile: Record<string, unknown> = idToken;
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        profile = { ...idToken, ...(await client.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
      } catch (error) {
        throw this.explain(error);
      }
    }
    return { issuer: config.serverMetadata().issuer, subject: idToken.sub, claims: pickClaims(profile) };
  }

  private configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const attempt = client.discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        { client_secret: this.settings.clientSecret },
        client.ClientSecretBasic(this.settings.clientSecret),
        { timeout: TIMEOUT_SECONDS, ...(this.isLocal ? { execute: [client.allowInsecureRequests] } : {}) },
      );
      // A failed discovery is tried again on the next sign-in rather than remembered.
      this.discovered = attempt.catch((error: unknown) => {
        this.discovered = null;
        throw this.unreachable(error);
      });
    }
    return this.discovered;
  }

  private unreachable(cause: unknown) {
    return Object.assign(new AppError("provider_unavailable", 503, msg("error.externalIdentity.providerUnavailable", { name: this.name })), { cause });
  }

  private unchecked() {
    return new AppError("provider_answer_rejected", 400, msg("error.externalIdentity.providerAnswerRejected", { name: this.name }));
  }

  /** Turns what openid-client threw into a sentence; nothing from the provider is echoed back. */
  private explain(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (error instanceof client.AuthorizationResponseError) {
      if (error.error === "access_denied") {
        return new AppError("provider_cancelled", 400, msg("error.externalIdentity.providerCancelled", { name: this.name }));
      }
      return this.unchecked();
    }
    if (error instanceof client.ResponseBodyError) {
      return new AppError("provider_refused", 400, msg("error.externalIdentity.providerRefused", { name: this.name }));
    }
    const code = (error as { code?: string } | null)?.code;
    if (error instanceof TypeError && !code) return this.unreachable(error);
    if (code === "OAUTH_TIMEOUT" || (error as Error)?.name === "AbortError" || (error as Error)?.name === "TimeoutError") return this.unreachable(error);
    return this.unchecked();
  }
}
