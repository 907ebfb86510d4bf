/**
 * Clinician verification: a member applies with their registration; an
 * administrator or delegated verifier (never the applicant) approves or rejects it
 * with a reason; an approval holds for a year and is renewed by applying again.
 */
import type { Db } from "../db/connection.ts";
import type { ClinicalRegister } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import { AppError, checkAll, conflict, forbidden, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { msg, type Said } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import * as policy from "./clinicians.policy.ts";
import { requireSecondFactorFor } from "../shared/second-factor.ts";
import { presentForReview, presentVerification, type ReviewView, type VerificationView } from "./clinicians.presenter.ts";
import * as repo from "./clinicians.repo.ts";
import type { AccountsService } from "../accounts/accounts.service.ts";
import type { PersonasService } from "../personas/personas.service.ts";
import { normaliseRegistration } from "./registers.ts";
import type { Verifier } from "./verifier.ts";
import { LIMITS } from "../shared/limits.ts";
import { normaliseName } from "../shared/text.ts";

/** How a verification is checked (a register lookup, or manual review); the demo brings its own. */
export type { Verifier } from "./verifier.ts";

export const VERIFICATION_DAYS = 365;

export type ApplicationInput = {
  profession: string;
  register: ClinicalRegister;
  registrationNumber: string;
  specialty: string;
  evidence?: string | null;
  /** The name as it appears on the register; the page asks for it, the API takes it when given. */
  registerName?: string | null;
};

export class CliniciansService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly verifier: Verifier,
    private readonly accounts: AccountsService,
    private readonly personas: PersonasService,
  ) {}

  async apply(viewer: Viewer, input: ApplicationInput): Promise<VerificationView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    // Every field is checked before answering, so one 400 names all of them.
    const { profession, specialty, registrationNumber, registerName, evidence } = checkAll({
      profession: () => required("profession", input.profession, LIMITS.profession, msg("problem.clinician.enterProfession")),
      specialty: () => required("specialty", input.specialty, LIMITS.specialty, msg("problem.clinician.enterSpecialty")),
      registrationNumber: () => {
        const number = normaliseRegistration(input.register, input.registrationNumber);
        if (!number) throw invalid("registrationNumber", msg("problem.clinician.registrationNumber", { register: input.register }));
        return number;
      },
      registerName: () =>
        input.registerName === undefined || input.registerName === null
          ? null
          : normaliseRegisterName(input.registerName),
      evidence: () => {
        const text = input.evidence?.trim() || null;
        if (text && text.length > LIMITS.evidence) throw invalid("evidence", msg("problem.keepUnder", { max: String(LIMITS.evidence) }));
        return text;
      },
    });
    await this.refuseEchoOfAnonymousCapacity(viewer.accountId, { specialty, profession });
    const id = newId();
    const check = await this.verifier.check({ register: input.register, registrationNumber, profession, specialty });
    try {
      await this.db.transaction().execute(async (trx) => {
        if (await repo.hasPendingVerification(trx, viewer.accountId)) throw alreadyPending();
        await repo.insertVerification(trx, {
          id,
          account_id: viewer.accountId,
          profession,
          register: input.register,
          registration_number: registrationNumber,
          specialty,
          evidence,
          verifier: this.verifier.name,
          register_name: registerName,
        });
        if (check.outcome !== "needs_review") {
          await this.settle(trx, id, viewer.accountId, check.outcome, null, check.reason);
        }
        await this.events.publish(trx, { type: "clinician.verification_requested", verificationId: id });
      });
    } catch (error) {
      if ((error as { code?: string }).code === "23505") throw alreadyPending();
      throw error;
    }
    return presentVerification((await repo.findVerification(this.db, id))!);
  }

  async mine(viewer: Viewer): Promise<{ items: VerificationView[]; nextCursor: null }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const rows = await repo.listVerificationsOfAccount(this.db, viewer.accountId);
    return { items: rows.map(presentVerification), nextCursor: null };
  }

  async queue(viewer: Viewer, status: "pending" | "approved" | "rejected" = "pending"): Promise<{ items: ReviewView[]; nextCursor: null }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!policy.canReviewVerifications(viewer)) throw forbidden(msg("error.clinician.reviewersOnly"));
    requireSecondFactorFor(viewer);
    const rows = await repo.listVerificationsByStatus(this.db, status, 200);
    return { items: rows.map(presentForReview), nextCursor: null };
  }

  async decide(viewer: Viewer, id: string, decision: "approve" | "reject", reason?: string | null): Promise<VerificationView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    if (!policy.canReviewVerifications(viewer)) throw forbidden(msg("error.clinician.reviewersOnly"));
    requireSecondFactorFor(viewer);
    const why = reason?.trim() || null;
    if (decision === "reject" && !why) throw invalid("reason", msg("problem.clinician.sayWhy"));
    await this.db.transaction().execute(async (trx) => {
      const row = isId(id) ? await repo.findVerificationForUpdate(trx, id) : undefined;
      if (!row) throw notFound(msg("error.notFound.application"));
      if (!policy.canDecide(viewer, row.account_id)) throw forbidden(msg("error.clinician.notYourOwn"));
      if (row.status !== "pending") {
        throw new AppError("already_decided", 409, msg("error.clinician.alreadyDecided", { status: row.status }));
      }
      await this.settle(trx, row.id, row.account_id, decision === "approve" ? "approved" : "rejected", viewer.accountId, why);
    });
    return presentVerification((await repo.findVerification(this.db, id))!);
  }

  /**
   * A decided application or name review, as its applicant is told of it (notifications.job.ts):
   * the decision and the reviewer's reason, never the reviewer. Null while it is pending.
   */
  async decisionForNotice(id: string): Promise<{ accountId: string; status: "approved" | "rejected"; purpose: "application" | "name"; reason: string | null; personaId: string | null; at: Date } | null> {
    const row = await repo.findVerification(this.db, id);
    if (!row || row.status === "pending") return null;
    // A name review concerns the professional persona, which its owner sees named.
    const personaId = row.purpose === "name" ? ((await repo.findProfessionalPersona(this.db, row.account_id))?.id ?? null) : null;
    return { accountId: row.account_id, status: row.status, purpose: row.purpose, reason: row.reason, personaId, at: row.decided_at ?? row.created_at };
  }

  /** Lets an administrator make (or stop) an account a verifier. */
  async setVerifier(viewer: Viewer, username: string, isVerifier: boolean): Promise<void> {
    if (!policy.canDelegateVerifiers(viewer)) throw forbidden(msg("error.clinician.administratorsChooseVerifiers"));
    requireSecondFactorFor(viewer);
    const accountId = await this.accounts.accountIdOf(username);
    if (!accountId) throw notFound(msg("error.notFound.account"));
    await repo.setVerifier(this.db, accountId, isVerifier);
  }

  /** The approved verification that holds longest, if one holds now (for creating clinician personas); `db` joins the caller's transaction. */
  async currentVerification(accountId: string, db: Db = this.db): Promise<{ specialty: string; expiresAt: Date } | undefined> {
    const row = await repo.currentVerification(db, accountId);
    return row?.expires_at ? { specialty: row.specialty, expiresAt: row.expires_at } : undefined;
  }

  /** The professions and specialties of every verification of the account, which reviewers see. */
  async verificationWords(accountId: string, db: Db = this.db): Promise<string[]> {
    return (await repo.listVerificationsOfAccount(db, accountId)).flatMap((v) => [v.specialty, v.profession]);
  }

  private async settle(db: Db, id: string, accountId: string, status: "approved" | "rejected", decidedBy: string | null, reason: string | null) {
    const row = (await repo.findVerification(db, id))!;
    if (row.purpose === "name") return this.settleName(db, row, status, decidedBy, reason);
    const now = new Date();
    const expiresAt = status === "approved" ? new Date(now.getTime() + VERIFICATION_DAYS * 24 * 3600 * 1000) : null;
    await repo.decideVerification(db, id, { status, decided_by: decidedBy, reason, expires_at: expiresAt });
    if (expiresAt) await this.personas.carryVerification(accountId, { until: expiresAt, specialty: row.specialty, now }, db);
    await this.events.publish(db, { type: "clinician.verification_decided", verificationId: id, decision: status });
    // A rename made while this application waited is still to be confirmed: it goes to review now.
    if (status === "rejected") await this.openNameReviewIn(db, accountId);
  }

  /**
   * A name review decided. Approved: the professional persona's badge holds again, until the
   * date the verification already had (a rename earns no extra year). Rejected: it stays paused
   * until a name is confirmed. The anonymous persona is not touched either way: its badge does
   * not move in step with the named one's (ADR 20).
   */
  private async settleName(db: Db, row: repo.VerificationRow, status: "approved" | "rejected", decidedBy: string | null, reason: string | null) {
    const current = await repo.currentVerification(db, row.account_id);
    const until = status === "approved" ? (current?.expires_at ?? null) : null;
    await repo.decideVerification(db, row.id, { status, decided_by: decidedBy, reason, expires_at: until });
    if (until) await this.personas.confirmProfessionalName(row.account_id, until, db);
    await this.events.publish(db, { type: "clinician.verification_decided", verificationId: row.id, decision: status });
  }

  /**
   * A verified professional persona was renamed (persona.renamed): its new name goes to the
   * reviewers, as a name review carrying the current registration. Nothing when an
   * application or review already waits (the reviewer sees the persona's current name on
   * it), when the rename was undone by a later decision, or when no verification holds.
   */
  async openNameReview(personaId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const persona = await repo.findPersonaForNameReview(trx, personaId);
      if (persona) await this.openNameReviewIn(trx, persona.account_id);
    });
  }

  private async openNameReviewIn(db: Db, accountId: string): Promise<void> {
    const persona = await repo.findProfessionalPersona(db, accountId);
    if (!persona || persona.name_review_since === null) return;
    if (await repo.hasPendingVerification(db, accountId)) return;
    const current = await repo.currentVerification(db, accountId);
    if (!current) return;
    await repo.insertVerification(db, {
        id: newId(),
        account_id: accountId,
        profession: current.profession,
        register: current.register,
        registration_number: current.registration_number,
        specialty: current.specialty,
        evidence: null,
        verifier: "manual",
      register_name: current.register_name,
      purpose: "name",
    });
  }

  /**
   * A renewal worded with the anonymous persona's capacity ("Respiratory medicine" while it
   * says "Respiratory") would make reviewers and the named persona show its word: refused,
   * to the applicant alone, before anything is written.
   */
  private async refuseEchoOfAnonymousCapacity(accountId: string, words: { specialty: string; profession: string }) {
    for (const field of ["specialty", "profession"] as const) {
      const echoed = await this.personas.anonymousCapacityEchoing(accountId, words[field]);
      if (echoed) throw invalid(field, msg("problem.clinician.echoesAnonymousCapacity", { echoed, field }));
    }
  }
}

function required(field: string, value: string, max: number, missing: Said): string {
  const trimmed = value.trim();
  if (!trimmed) throw invalid(field, missing);
  if (trimmed.length > max) throw invalid(field, msg("problem.keepUnder", { max: String(max) }));
  return trimmed;
}

const REGISTER_NAME_EMPTY = msg("problem.clinician.enterRegisterName");

/** The name as it appears on the register, kept as the shared normaliser keeps names; its "empty" problem is said in the reader's language. */
function normaliseRegisterName(value: string): string {
  return normaliseName("registerName", value, { max: LIMITS.registerName, empty: REGISTER_NAME_EMPTY });
}

function alreadyPending() {
  return conflict("already_pending", msg("error.clinician.alreadyPending"));
}
