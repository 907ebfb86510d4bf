/**
 * External profile linking: signing in with an OpenID Connect provider, linking a
 * provider account to a Hearth account, and drawing across, field by field and only
 * when the member chooses, a name, picture or profile link onto one of their personas.
 *
 * The browser holds a random key (cookie); the server keeps, under its hash, the
 * state, nonce and PKCE verifier of the redirect, used once and only for minutes.
 * After the provider answers, the same row holds who the provider said this is until
 * the member has chosen what to link. Nothing is imported by default.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { AccountsService, Session } from "../accounts/accounts.service.ts";
import type { Db } from "../db/connection.ts";
import type { ProfileField } from "../db/schema.ts";
import type { SecondFactorService } from "../security/second-factor.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import type { PersonaKind } from "../db/schema.ts";
import type { PersonaProfile, PersonaView } from "../personas/persona.presenter.ts";
import { AppError, conflict, forbidden, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { msg, type Said } from "../shared/i18n/message.ts";
import type { AccountId } from "../shared/ids.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { canShowDrawnFields } from "./external-identity.policy.ts";
import { presentLinkedAccount, presentProfile, type LinkedAccountView } from "./external-identity.presenter.ts";
import * as repo from "./external-identity.repo.ts";
import type { OidcClient, ProviderClaims } from "./oidc-client.ts";
import { fetchPicture, PictureFetchError, type FetchedPicture } from "./picture-fetch.ts";

export type Intent = "signin" | "link";

/** What happened on the way back from the provider, for the page to act on. */
export type CallbackOutcome =
  | { kind: "signed_in"; session: Session }
  | { kind: "needs_second_factor"; pendingSignIn: string }
  | { kind: "needs_account" }
  | { kind: "choose_fields" }
  | { kind: "already_linked" };

/** A field the member ticked, and the persona chosen to show it. */
export type FieldChoice = { field: ProfileField; personaId: string };

/** What the linking page offers: the provider's values and the personas that may show them. */
export type PendingLinkView = { providerName: string; claims: ProviderClaims; personas: PersonaView[] };

export const PROFILE_FIELDS: ProfileField[] = ["name", "picture", "profile_link"];
const CLAIM_OF: Record<ProfileField, keyof ProviderClaims> = { name: "name", picture: "picture", profile_link: "profileLink" };

const START_MINUTES = 10;
const CHOOSE_MINUTES = 20;
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");
const minutesFrom = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000);
const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
const sameIssuer = (a: string, b: string) => {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
};

export class ExternalIdentityService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly personas: PersonasService,
    private readonly secondFactor: SecondFactorService,
    private readonly oidc: OidcClient | null,
    private readonly issuer: string | null,
  ) {}

  /** What the persona shows drawn from a linked account on its public profile (never for an anonymous clinician persona). */
  async profileOf(personaId: string, kind: PersonaKind): Promise<PersonaProfile | undefined> {
    return presentProfile(kind, await repo.listFieldsOfPersona(this.db, personaId));
  }

  /** The provider's name for buttons, or null when sign-in with a provider is off. */
  get providerName(): string | null {
    return this.oidc?.name ?? null;
  }

  /** Begins a sign-in or link: the key for the browser's cookie and the provider's address to go to. */
  async start(viewer: Viewer, intent: Intent): Promise<{ key: string; redirectTo: string }> {
    const oidc = this.requireProvider();
    if (intent === "link" && !isSignedIn(viewer)) throw notSignedIn();
    const secrets = oidc.newSecrets();
    const redirectTo = await oidc.authorizationUrl(secrets);
    const key = randomBytes(32).toString("base64url");
    const now = new Date();
    await repo.deleteExpiredLoginStates(this.db, minutesFrom(now, -60));
    await repo.insertLoginState(this.db, {
      key_hash: sha256(key),
      state: secrets.state,
      nonce: secrets.nonce,
      code_verifier: secrets.codeVerifier,
      intent,
      account_id: isSignedIn(viewer) && intent === "link" ? viewer.accountId : null,
      expires_at: minutesFrom(now, START_MINUTES),
    });
    return { key, redirectTo };
  }

  /**
   * Handles the provider's answer. The sign-in in progress is used up first (the row
   * stays, marked, until it expires), so a second arrival with the same key (a replay)
   * is told so; a state that does not match is refused before anything else is written.
   */
  async finish(key: string | undefined, query: string, viewer: Viewer): Promise<CallbackOutcome> {
    const oidc = this.requireProvider();
    const name = oidc.name;
    if (!key || !KEY_PATTERN.test(key)) throw stateProblem("state_missing", msg("error.externalIdentity.stateMissing", { name }));
    const keyHash = sha256(key);
    const now = new Date();
    const row = await repo.consumeLoginState(this.db, keyHash, now);
    if (!row) {
      const known = await repo.findLoginState(this.db, keyHash);
      if (known?.consumed_at) throw stateProblem("state_used", msg("error.externalIdentity.stateUsed", { name }));
      throw stateProblem("state_expired", msg("error.externalIdentity.stateExpired", { name }));
    }
    const returned = new URLSearchParams(query).get("state");
    if (!returned || !same(returned, row.state)) {
      throw stateProblem("state_mismatch", msg("error.externalIdentity.stateMismatch", { name }));
    }
    const answer = await oidc.finish(query, { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier });
    const linked = await repo.findIdentityBySubject(this.db, answer.issuer, answer.subject);

    if (row.intent === "signin") {
      if (linked) {
        const account = await this.accounts.viewerForAccount(linked.account_id);
        if (!isSignedIn(account)) throw forbidden(msg("error.externalIdentity.accountUnusable"));
        const accountId = linked.account_id as AccountId;
        // The provider stands in for the password only: an account with two-step sign-in still gives its code.
        if (await this.secondFactor.isOn(accountId)) return { kind: "needs_second_factor", pendingSignIn: await this.secondFactor.beginPendingSignIn(accountId) };
        return { kind: "signed_in", session: await this.accounts.openSession(accountId) };
      }
      await repo.recordProviderAnswer(this.db, keyHash, { ...answer, expires_at: minutesFrom(now, CHOOSE_MINUTES) });
      return { kind: "needs_account" };
    }

    if (!isSignedIn(viewer) || viewer.accountId !== row.account_id) {
      throw stateProblem("state_other_account", msg("error.externalIdentity.stateOtherAccount", { name }));
    }
    if (linked) {
      if (linked.account_id !== viewer.accountId) throw linkedElsewhere(name);
      return { kind: "already_linked" };
    }
    await repo.recordProviderAnswer(this.db, keyHash, { ...answer, expires_at: minutesFrom(now, CHOOSE_MINUTES) });
    return { kind: "choose_fields" };
  }

  /** For the "no account is linked yet" page: checks a provider answer waits for an account. */
  async awaitingAccount(key: string | undefined): Promise<{ providerName: string }> {
    const row = await this.answeredRow(key);
    if (row.account_id !== null) throw expiredLink(this.requireProvider().name);
    return { providerName: this.requireProvider().name };
  }

  /**
   * Signs in with a Hearth password to link the provider account waiting on this key.
   * An account with two-step sign-in gets a pending sign-in to finish with its code;
   * the link waits for that account, whose session only the code can open.
   */
  async signInToLink(key: string | undefined, username: string, password: string, clientKey: string): Promise<{ session: Session } | { pendingSignIn: string }> {
    const row = await this.answeredRow(key);
    if (row.account_id !== null) throw expiredLink(this.requireProvider().name);
    const started = await this.accounts.startSignIn(username, password, clientKey);
    // The password was right, so the account is the one with this username.
    const accountId = "session" in started ? started.session.accountId : await this.accounts.accountIdOf(username.trim());
    if (accountId) await repo.bindLoginStateToAccount(this.db, row.key_hash, accountId);
    return started;
  }

  /** Makes a new Hearth account with the username the person chose (nothing from the provider) to link. */
  async signUpToLink(key: string | undefined, input: { username: string; password: string }, clientKey: string): Promise<Session> {
    const row = await this.answeredRow(key);
    if (row.account_id !== null) throw expiredLink(this.requireProvider().name);
    const account = await this.accounts.signUp({ username: input.username, password: input.password }, clientKey);
    const session = await this.accounts.openSession(account.id);
    await repo.bindLoginStateToAccount(this.db, row.key_hash, session.accountId);
    return session;
  }

  /** What the linking page shows: the provider's values and the member's personas that may show them. */
  async pendingLink(key: string | undefined, viewer: Viewer): Promise<PendingLinkView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const row = await this.answeredRow(key);
    if (row.account_id !== viewer.accountId) throw expiredLink(this.requireProvider().name);
    const personas = await this.personas.listOwn(viewer.accountId);
    return {
      providerName: this.requireProvider().name,
      claims: (row.claims ?? {}) as ProviderClaims,
      personas: personas.filter((p) => canShowDrawnFields(p, viewer.accountId)).map((p) => p.view),
    };
  }

  /**
   * Links the provider account and draws across exactly the fields chosen, each onto
   * the persona chosen for it. With nothing chosen, only the sign-in is linked.
   */
  async link(key: string | undefined, viewer: Viewer, choices: FieldChoice[]): Promise<LinkedAccountView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const name = this.requireProvider().name;
    const row = await this.answeredRow(key);
    if (row.account_id !== viewer.accountId) throw expiredLink(name);
    const claims = (row.claims ?? {}) as ProviderClaims;
    await this.checkChoices(viewer.accountId, claims, choices, name);
    const picture = choices.some((c) => c.field === "picture") ? await this.copyPicture(claims.picture!) : null;
    const issuer = row.issuer!;
    const subject = row.subject!;
    const identityId = newId();
    try {
      await this.db.transaction().execute(async (trx) => {
        // Used once: the row goes with the link, so a second post finds nothing.
        const current = await repo.findLoginState(trx, row.key_hash);
        if (!current) throw expiredLink(name);
        await repo.deleteLoginState(trx, row.key_hash);
        const existing = await repo.findIdentityBySubject(trx, issuer, subject);
        if (existing) throw existing.account_id === viewer.accountId ? conflict("already_linked", msg("error.externalIdentity.alreadyLinked", { name })) : linkedElsewhere(name);
        await repo.insertIdentity(trx, { id: identityId, account_id: viewer.accountId, issuer, subject });
        for (const choice of choices) {
          let value = claims[CLAIM_OF[choice.field]]!;
          if (choice.field === "picture" && picture) {
            value = newId();
            await repo.insertPicture(trx, { id: value, source_identity_id: identityId, content_type: picture.contentType, bytes: picture.bytes });
          }
          await repo.putField(trx, { persona_id: choice.personaId, field: choice.field, value, source_identity_id: identityId });
        }
      });
    } catch (error) {
      // Two links racing for one provider account: the unique index decides.
      if ((error as { code?: string }).code === "23505") throw linkedElsewhere(name);
      throw error;
    }
    const [identity] = (await repo.listIdentitiesOfAccount(this.db, viewer.accountId)).filter((i) => i.id === identityId);
    return presentLinkedAccount(identity!, await repo.listFieldsDrawnFrom(this.db, [identityId]), name);
  }

  /** Removes a link and everything drawn across from it. */
  async unlink(viewer: Viewer, id: string): Promise<void> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const removed = isId(id) ? await repo.deleteIdentity(this.db, id, viewer.accountId) : false;
    if (!removed) throw notFound(msg("error.notFound.linkedAccount"));
  }

  /** The member's links, with which persona shows each field drawn from them. */
  async mine(viewer: Viewer): Promise<{ items: LinkedAccountView[]; nextCursor: null }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const identities = await repo.listIdentitiesOfAccount(this.db, viewer.accountId);
    const fields = await repo.listFieldsDrawnFrom(this.db, identities.map((i) => i.id));
    return { items: identities.map((i) => presentLinkedAccount(i, fields, this.nameOf(i.issuer))), nextCursor: null };
  }

  /** A drawn picture, for Hearth to serve itself. */
  async picture(id: string): Promise<{ contentType: string; bytes: Uint8Array }> {
    const row = isId(id) ? await repo.findShownPicture(this.db, id) : undefined;
    if (!row) throw notFound(msg("error.notFound.picture"));
    return { contentType: row.content_type, bytes: row.bytes };
  }

  private requireProvider(): OidcClient {
    if (!this.oidc) throw notFound(msg("error.notFound.otherProvider"));
    return this.oidc;
  }

  private nameOf(issuer: string): string {
    if (this.oidc && this.issuer && sameIssuer(issuer, this.issuer)) return this.oidc.name;
    try {
      return new URL(issuer).host;
    } catch {
      return issuer;
    }
  }

  /** The sign-in in progress on this key, after the provider answered and before it expired. */
  private async answeredRow(key: string | undefined): Promise<repo.LoginStateRow> {
    const name = this.requireProvider().name;
    const row = key && KEY_PATTERN.test(key) ? await repo.findLoginState(this.db, sha256(key)) : undefined;
    if (!row || !row.consumed_at || !row.subject || !row.issuer || row.expires_at.getTime() <= Date.now()) throw expiredLink(name);
    return row;
  }

  private async checkChoices(accountId: string, claims: ProviderClaims, choices: FieldChoice[], name: string) {
    const seen = new Set<ProfileField>();
    for (const choice of choices) {
      if (!PROFILE_FIELDS.includes(choice.field)) throw invalid("field", msg("problem.externalIdentity.chooseField"));
      if (seen.has(choice.field)) throw invalid(choice.field, msg("problem.externalIdentity.onePersonaEach"));
      seen.add(choice.field);
      if (!claims[CLAIM_OF[choice.field]]) throw invalid(choice.field, msg("problem.externalIdentity.notShared", { name, field: choice.field }));
      const persona = isId(choice.personaId) ? await this.personas.ownerOf(choice.personaId) : undefined;
      if (!persona || !canShowDrawnFields(persona, accountId)) {
        throw invalid(`${choice.field}_persona`, persona?.kind === "anonymous_professional" && persona.account_id === accountId
          ? msg("problem.externalIdentity.anonymousCannotShow")
          : msg("problem.externalIdentity.ownPersona"));
      }
    }
  }

  private async copyPicture(address: string): Promise<FetchedPicture> {
    try {
      return await fetchPicture(address, { allowPrivateAddresses: this.requireProvider().isLocal });
    } catch (error) {
      if (error instanceof PictureFetchError) throw invalid("picture", msg("problem.externalIdentity.pictureNotCopied", { reason: error.said }));
      throw error;
    }
  }
}

function stateProblem(code: string, message: Said) {
  return new AppError(code, 400, message);
}

function expiredLink(name: string) {
  return new AppError("link_expired", 400, msg("error.externalIdentity.linkExpired", { name }));
}

function linkedElsewhere(name: string) {
  return conflict("linked_to_another_account", msg("error.externalIdentity.linkedElsewhere", { name }));
}
