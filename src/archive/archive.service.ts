/**
 * Portable community archives (issue 12, ADR 44): export a community to a signed,
 * documented file and import one into this server. The CLI calls these; the checks are
 * here so that a web download or import, when it comes, applies the same ones.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "../db/connection.ts";
import type { CommunitiesService } from "../communities/communities.service.ts";
import type { ForksService } from "../forks/forks.service.ts";
import { forbidden, notFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { exportCommunity, type ExportResult } from "./export.ts";
import { importArchive, verifyArchive, type ImportResult, type Verified } from "./import.ts";
import { silent, type Progress } from "./progress.ts";
import { loadSigningKey, type SigningKey } from "./signing.ts";
import { claim, type ClaimedView } from "./claims.ts";
import { RateLimiter } from "../db/rate-limiter.ts";

export { ArchiveRefused } from "./archive-error.ts";
export { SigningKeyError } from "./signing.ts";
export type { Progress } from "./progress.ts";
export type { ExportResult, ImportResult, Verified, ClaimedView };

export type ArchiveSettings = { publicUrl: string; dataDir: string; signingKey: string | null; rateLimits: boolean };

export class ArchiveService {
  private key: Promise<SigningKey> | null = null;
  private readonly limiter: RateLimiter;
  constructor(
    private readonly db: Db,
    private readonly forks: ForksService,
    private readonly communities: CommunitiesService,
    private readonly settings: ArchiveSettings,
  ) {
    this.limiter = new RateLimiter(db, settings.rateLimits);
  }

  /** The server's signing key, made in the data directory on first use. */
  signingKey(): Promise<SigningKey> {
    this.key ??= loadSigningKey(this.settings.dataDir, this.settings.signingKey);
    return this.key;
  }

  /** `claims: null` writes no claims file. */
  async export(slug: string, out: string, options: { claims?: string | null; progress?: Progress } = {}): Promise<ExportResult> {
    const deps = { db: this.db, publicUrl: this.settings.publicUrl, key: await this.signingKey(), travelChoicesOf: (ids: readonly string[]) => this.forks.travelChoicesOf(ids) };
    return exportCommunity(deps, slug, out, options.progress ?? silent, options.claims);
  }

  /**
   * The archive for an owner to download from the community's settings: a file in a
   * private temporary folder, for the caller to send and then `remove`. Anyone else gets
   * the 404 of a community they cannot see, so the answer tells nothing about it. No
   * claims file: claim codes are for the host to send each member, not for an owner to hold.
   */
  async download(viewer: Viewer, slug: string): Promise<{ file: string; slug: string; remove: () => Promise<void> }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const { community, membership } = await this.communities.access(viewer, slug);
    if (!(membership?.status === "member" && membership.role === "owner")) throw notFound(msg("error.notFound.community"));
    requireSecondFactorFor(viewer);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-download-"));
    const remove = () => fs.rm(dir, { recursive: true, force: true });
    try {
      const file = path.join(dir, "archive.tar");
      await this.export(community.slug, file, { claims: null });
      return { file, slug: community.slug, remove };
    } catch (error) {
      await remove();
      throw error;
    }
  }

  /** Checks an archive through and through, writing nothing. */
  verify(file: string, options: { slug?: string; progress?: Progress } = {}): Promise<Verified> {
    return verifyArchive(this.db, file, options.slug, options.progress ?? silent);
  }

  /**
   * Imports an archive; `owner` (a username here) makes that account the community's owner in
   * the same transaction. Without it, the first member to claim the persona the archive marks
   * as an owner's becomes owner (ADR 46).
   */
  import(file: string, options: { slug?: string; owner?: string; progress?: Progress; onVerified?: (v: Verified) => void } = {}): Promise<ImportResult> {
    return importArchive(
      this.db,
      file,
      {
        slug: options.slug,
        onVerified: options.onVerified,
        owner: options.owner === undefined ? undefined : { username: options.owner, admit: (trx, communityId, accountId) => this.communities.admitFromArchive(trx, communityId, accountId, true) },
      },
      options.progress ?? silent,
    );
  }

  /**
   * The admin pages' import (ADR 46): an administrator (with two-step sign-in where the host
   * requires it) imports an uploaded archive with exactly the checks of `hearth import`.
   */
  async importUpload(viewer: Viewer, file: string, options: { slug?: string; owner?: string } = {}): Promise<ImportResult> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!viewer.isAdmin) throw forbidden(msg("error.archive.administratorsOnly"));
    requireSecondFactorFor(viewer);
    return this.import(file, { slug: options.slug || undefined, owner: options.owner || undefined });
  }

  /** A signed-in member's claim code: the portable personas it opens become theirs (`POST /api/v1/claims`, `/claim`). */
  claim(viewer: Viewer, code: unknown): Promise<ClaimedView> {
    return claim(this.db, this.limiter, this.communities, viewer, code);
  }
}
