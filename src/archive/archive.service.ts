/**
 * Portable community archives (issue 12, ADR 44): export a community to a signed,
 * documented file and import one into this server. The CLI calls these; the checks are
 * here so that a web download or import, when it comes, applies the same ones.
 */
import type { Db } from "../db/connection.ts";
import type { ForksService } from "../forks/forks.service.ts";
import { exportCommunity, type ExportResult } from "./export.ts";
import { importArchive, verifyArchive, type ImportResult, type Verified } from "./import.ts";
import { silent, type Progress } from "./progress.ts";
import { loadSigningKey, type SigningKey } from "./signing.ts";

export { ArchiveRefused } from "./archive-error.ts";
export { SigningKeyError } from "./signing.ts";
export type { Progress } from "./progress.ts";
export type { ExportResult, ImportResult, Verified };

export type ArchiveSettings = { publicUrl: string; dataDir: string; signingKey: string | null };

export class ArchiveService {
  private key: Promise<SigningKey> | null = null;
  constructor(
    private readonly db: Db,
    private readonly forks: ForksService,
    private readonly settings: ArchiveSettings,
  ) {}

  /** The server's signing key, made in the data directory on first use. */
  signingKey(): Promise<SigningKey> {
    this.key ??= loadSigningKey(this.settings.dataDir, this.settings.signingKey);
    return this.key;
  }

  async export(slug: string, out: string, options: { claims?: string; progress?: Progress } = {}): Promise<ExportResult> {
    const deps = { db: this.db, publicUrl: this.settings.publicUrl, key: await this.signingKey(), travelChoicesOf: (ids: readonly string[]) => this.forks.travelChoicesOf(ids) };
    return exportCommunity(deps, slug, out, options.progress ?? silent, options.claims);
  }

  /** Checks an archive through and through, writing nothing. */
  verify(file: string, options: { slug?: string; progress?: Progress } = {}): Promise<Verified> {
    return verifyArchive(this.db, file, options.slug, options.progress ?? silent);
  }

  import(file: string, options: { slug?: string; progress?: Progress; onVerified?: (v: Verified) => void } = {}): Promise<ImportResult> {
    return importArchive(this.db, file, { slug: options.slug, onVerified: options.onVerified }, options.progress ?? silent);
  }
}
