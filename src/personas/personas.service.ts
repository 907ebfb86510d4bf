/**
 * Personas: the faces an account shows. Personal ones (patient or carer) anyone may
 * add; professional and anonymous-professional ones need an approved, current
 * clinician verification. Which account stands behind a persona never leaves the
 * server through here.
 */
import type { Db } from "../db/connection.ts";
import type { PersonaKind } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import { conflict, forbidden, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { LIMITS } from "../shared/limits.ts";
import { checkSafeText, nameSkeleton, normaliseName, publicNameMessage } from "../shared/text.ts";
import { generateAnonymousName } from "./handles.ts";
import { newAnonymousWindow, renewedAnonymousWindow } from "./anonymous-validity.ts";
import { CAPACITIES, CAPACITY_KEYS, capacityEchoes, capacityMessage, isCapacityKey, type CapacityKey } from "./capacities.ts";
import { boundariesOf, isClinicianKind, presentPersona, type PersonaProfile, type PersonaView } from "./persona.presenter.ts";
import * as repo from "./personas.repo.ts";

/**
 * The owner's own view. `specialty` is the verification's text, on the professional
 * persona only; `chosenCapacity` is the anonymous persona's vocabulary key; `verifiedUntil`
 * is this persona's own date (an anonymous one's differs from the named one's, ADR 20).
 */
export type OwnPersonaView = PersonaView & { isCarer: boolean; specialty: string | null; chosenCapacity: CapacityKey | null; verifiedUntil: string | null };

/** `capacity`: for an anonymous clinician persona, a key of the vocabulary (src/personas/capacities.ts), or null for none. */
export type PersonaInput = { kind: PersonaKind; displayName?: string; carer?: boolean; capacity?: string | null };

export type PublicPersonaView = PersonaView & { profile?: PersonaProfile };

/** The public profile page of one persona: a professional persona's verified specialty, an anonymous one's chosen capacity. */
export type PersonaProfileView = {
  persona: PublicPersonaView;
  specialty: string | null;
  /** A professional persona renamed since it was verified: its badge is paused until a reviewer confirms the name. */
  nameUnderReview: boolean;
};

export type PersonaPatch = { displayName?: string; carer?: boolean; acceptsPatientMessages?: boolean; availability?: string | null; capacity?: string | null };


const MAX_PERSONAS = 6;

function presentOwn(row: repo.PersonaRecord): OwnPersonaView {
  return {
    ...presentPersona(row),
    isCarer: row.is_carer,
    specialty: row.kind === "professional" ? row.specialty : null,
    chosenCapacity: row.kind === "anonymous_professional" && isCapacityKey(row.capacity) ? row.capacity : null,
    verifiedUntil: row.verified_until ? row.verified_until.toISOString() : null,
    ...withBoundaries(row),
  };
}

const withBoundaries = (row: repo.PersonaRecord) => {
  const boundaries = boundariesOf(row);
  return boundaries ? { boundaries } : {};
};

/**
 * What personas need to know of an account's clinician verifications, from the
 * clinicians feature (passed in by the composition root: clinicians depends on
 * personas, not the other way round). `db` joins the caller's transaction.
 */
export interface ClinicianStanding {
  currentVerification(accountId: string, db?: Db): Promise<{ specialty: string; expiresAt: Date } | undefined>;
  verificationWords(accountId: string, db?: Db): Promise<string[]>;
}

/** Whose a persona is, of which kind and whether it is active: what other features check before letting its owner use it. */
export type OwnedPersona = { id: string; account_id: string; kind: PersonaKind; status: string };
const ownership = (row: repo.PersonaRecord): OwnedPersona => ({ id: row.id, account_id: row.account_id, kind: row.kind, status: row.status });

/** What a persona shows drawn from a linked account, from the external-identity feature (which depends on personas). */
export interface LinkedProfiles {
  profileOf(personaId: string, kind: PersonaKind): Promise<PersonaProfile | undefined>;
}

export class PersonasService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly clinicians: ClinicianStanding,
    private readonly linkedProfiles: LinkedProfiles,
  ) {}

  /** The personal persona every account starts with, created in the sign-up's transaction `db`. */
  async createPersonal(accountId: string, persona: { displayName: string; isCarer: boolean }, db: Db): Promise<void> {
    await repo.insertPersona(db, {
      id: newId(),
      account_id: accountId,
      kind: "personal",
      display_name: persona.displayName,
      is_carer: persona.isCarer,
      specialty: null,
      verified_until: null,
    });
  }

  /**
   * A clinician verification was approved (or renewed) in the transaction `db`: the
   * professional persona takes its date and its words; the anonymous persona keeps its
   * own window and words, moved on by its own rule (ADR 20), never this date or text.
   */
  async carryVerification(accountId: string, verification: { until: Date; specialty: string; now: Date }, db: Db): Promise<void> {
    await repo.extendProfessionalPersona(db, accountId, verification.until, verification.specialty);
    const anonymous = await repo.findAnonymousPersonaForUpdate(db, accountId);
    if (anonymous) await repo.setPersonaWindow(db, anonymous.id, renewedAnonymousWindow(anonymous, verification.until, verification.now));
  }

  /** A reviewer confirmed the professional persona's new name, in the transaction `db`: its badge holds again until `until`. */
  async confirmProfessionalName(accountId: string, until: Date, db: Db): Promise<void> {
    await repo.confirmProfessionalName(db, accountId, until);
  }

  /** The capacity words of the account's anonymous clinician persona when `text` repeats them (a renewal must not), else null. */
  async anonymousCapacityEchoing(accountId: string, text: string): Promise<string | null> {
    const key = await repo.anonymousCapacityOf(this.db, accountId);
    return isCapacityKey(key) && capacityEchoes(key, [text]) ? CAPACITIES[key] : null;
  }

  /** The account's personas with their public view, for features that let the owner choose one (linking an account). */
  async listOwn(accountId: string): Promise<Array<OwnedPersona & { view: PersonaView }>> {
    return (await repo.listPersonasOfAccount(this.db, accountId)).map((row) => ({ ...ownership(row), view: presentPersona(row) }));
  }

  /** Whose a persona is and of which kind, for a feature checking the viewer owns it; undefined when there is none. */
  async ownerOf(personaId: string): Promise<OwnedPersona | undefined> {
    const row = isId(personaId) ? await repo.findPersona(this.db, personaId) : undefined;
    return row && ownership(row);
  }

  async mine(viewer: Viewer): Promise<{ items: OwnPersonaView[]; nextCursor: null }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const rows = await repo.listPersonasOfAccount(this.db, viewer.accountId);
    return { items: rows.map(presentOwn), nextCursor: null };
  }

  /** The public view of one persona: what anyone may know of it. */
  async get(id: string): Promise<PublicPersonaView> {
    const row = isId(id) ? await repo.findPersona(this.db, id) : undefined;
    if (!row) throw notFound(msg("error.notFound.persona"));
    // What the owner chose to show from a linked account (external-identity), if anything.
    const profile = await this.linkedProfiles.profileOf(row.id, row.kind);
    const view = { ...presentPersona(row), ...withBoundaries(row) };
    return profile ? { ...view, profile } : view;
  }

  /** What the persona's own page shows: its public view and, for a clinician persona, the verified specialty. */
  async publicProfile(id: string): Promise<PersonaProfileView> {
    const persona = await this.get(id);
    const row = (await repo.findPersona(this.db, persona.id))!;
    const field = row.kind === "professional" ? row.specialty : row.kind === "anonymous_professional" && isCapacityKey(row.capacity) ? CAPACITIES[row.capacity] : null;
    return { persona, specialty: field, nameUnderReview: row.kind === "professional" && row.name_review_since !== null };
  }

  async create(viewer: Viewer, input: PersonaInput): Promise<OwnPersonaView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.db.transaction().execute(async (trx) => {
      const existing = await repo.listPersonasOfAccount(trx, viewer.accountId);
      if (existing.length >= MAX_PERSONAS) throw conflict("too_many_personas", msg("error.personas.tooMany", { max: String(MAX_PERSONAS) }));
      if (input.capacity !== undefined && input.kind !== "anonymous_professional") {
        throw invalid("capacity", msg("problem.personas.capacityAnonymousOnly"));
      }
      let row: Parameters<typeof repo.insertPersona>[1];
      if (input.kind === "personal") {
        const displayName = await this.checkedName(trx, input.displayName, viewer.username, viewer.accountId);
        row = { id: newId(), account_id: viewer.accountId, kind: "personal", display_name: displayName, is_carer: input.carer ?? false, specialty: null, verified_until: null };
      } else {
        const verification = await this.clinicians.currentVerification(viewer.accountId, trx);
        if (!verification) {
          throw forbidden(msg("error.personas.clinicianVerification"));
        }
        if (existing.some((p) => p.kind === input.kind)) {
          throw conflict("persona_exists", msg("error.personas.exists", { kind: input.kind === "professional" ? "professional" : "anonymous" }));
        }
        // An anonymous persona gets a generated name: a chosen one could give the person away.
        if (input.kind === "anonymous_professional" && input.displayName !== undefined) {
          throw invalid("displayName", msg("problem.personas.anonymousNameGenerated"));
        }
        const id = newId();
        if (input.kind === "professional") {
          const displayName = await this.checkedName(trx, input.displayName, viewer.username, viewer.accountId);
          row = { id, account_id: viewer.accountId, kind: input.kind, display_name: displayName, is_carer: false, specialty: verification.specialty, verified_until: verification.expiresAt };
        } else {
          // Its own words (a vocabulary entry) and its own dates, never the verification's (ADR 20).
          const capacity = await this.checkedCapacity(trx, viewer.accountId, input.capacity);
          const window = newAnonymousWindow(verification.expiresAt);
          row = { id, account_id: viewer.accountId, kind: input.kind, display_name: await this.freshAnonymousName(trx), is_carer: false, specialty: null, capacity, ...window };
        }
      }
      await repo.insertPersona(trx, row);
      await this.events.publish(trx, { type: "persona.created", personaId: row.id });
      return presentOwn({ capacity: null, verified_from: null, ...row, status: "active", accepts_patient_messages: false, availability: null, name_review_since: null });
    });
  }

  async update(viewer: Viewer, id: string, patch: PersonaPatch): Promise<OwnPersonaView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.db.transaction().execute(async (trx) => {
      const row = isId(id) ? await repo.findPersona(trx, id) : undefined;
      if (!row || row.account_id !== viewer.accountId) throw notFound(msg("error.notFound.persona"));
      if (patch.displayName !== undefined && row.kind === "anonymous_professional") {
        throw invalid("displayName", msg("problem.personas.anonymousNameKept"));
      }
      if (patch.carer !== undefined && row.kind !== "personal") throw invalid("carer", msg("problem.personas.carerPersonalOnly"));
      if (patch.capacity !== undefined && row.kind !== "anonymous_professional") {
        throw invalid("capacity", msg("problem.personas.capacityAnonymousOnly"));
      }
      if (!isClinicianKind(row.kind)) {
        if (patch.acceptsPatientMessages !== undefined) throw invalid("acceptsPatientMessages", msg("problem.personas.patientMessagesClinicianOnly"));
        if (patch.availability !== undefined) throw invalid("availability", msg("problem.personas.availabilityClinicianOnly"));
      }
      const newName = patch.displayName !== undefined && patch.displayName.trim() !== row.display_name ? await this.checkedName(trx, patch.displayName, viewer.username, viewer.accountId) : undefined;
      // A verified professional persona's new name is checked by a reviewer before its badge shows again (ADR 31).
      // Only this persona: the anonymous one keeps its own badge and does not move in step (ADR 20).
      const renamedVerified = newName !== undefined && row.kind === "professional" && (row.verified_until !== null || row.name_review_since !== null);
      const changes = {
        ...(patch.acceptsPatientMessages !== undefined ? { accepts_patient_messages: patch.acceptsPatientMessages } : {}),
        ...(patch.availability !== undefined ? { availability: checkedAvailability(patch.availability) } : {}),
        ...(newName !== undefined ? { display_name: newName } : {}),
        ...(renamedVerified ? { verified_until: null, name_review_since: row.name_review_since ?? new Date() } : {}),
        ...(patch.carer !== undefined ? { is_carer: patch.carer } : {}),
        ...(patch.capacity !== undefined ? { capacity: await this.checkedCapacity(trx, viewer.accountId, patch.capacity) } : {}),
      };
      if (Object.keys(changes).length) await repo.updatePersona(trx, row.id, changes);
      if (renamedVerified) await this.events.publish(trx, { type: "persona.renamed", personaId: row.id });
      return presentOwn({ ...row, ...changes });
    });
  }

  /**
   * A persona's name through the one normaliser; never the account's username, which is
   * half of how it signs in (ADR 23), nor a name kept for anonymous clinicians.
   */
  private async checkedName(db: Db, name: string | undefined, username: string, accountId: string): Promise<string> {
    const normalised = normaliseName("displayName", name ?? "", { max: LIMITS.displayName, empty: msg("problem.personas.name") });
    const problem = publicNameMessage(normalised, username);
    if (problem) throw invalid("displayName", problem);
    // A name that reads as another clinician's would borrow their trust: refused, whatever the spacing, case or look-alike letters.
    const skeleton = nameSkeleton(normalised);
    if ((await repo.professionalNamesOfOthers(db, accountId)).some((other) => nameSkeleton(other) === skeleton)) {
      throw invalid("displayName", msg("problem.personas.clinicianNameTaken"));
    }
    return normalised;
  }

  /**
   * A capacity for an anonymous persona: a vocabulary key or none, and not one that repeats
   * a word of the account's verifications (which reviewers and the named persona show).
   */
  private async checkedCapacity(db: Db, accountId: string, value: string | null | undefined): Promise<CapacityKey | null> {
    if (value === undefined || value === null || value === "") return null;
    if (!isCapacityKey(value)) throw invalid("capacity", msg("problem.chooseOneOfOrNone", { allowed: CAPACITY_KEYS.join(", ") }));
    const texts = await this.clinicians.verificationWords(accountId, db);
    if (capacityEchoes(value, texts)) {
      throw invalid("capacity", msg("problem.personas.capacityEchoes", { capacity: capacityMessage(value) }));
    }
    return value;
  }

  private async freshAnonymousName(db: Db): Promise<string> {
    for (;;) {
      const name = generateAnonymousName();
      if (!(await repo.displayNameTaken(db, name))) return name;
    }
  }
}

/** Availability is free words ("Answers on Tuesdays"), up to LIMITS.availability characters; empty clears it. */
function checkedAvailability(text: string | null): string | null {
  const trimmed = checkSafeText("availability", text ?? "").trim();
  if (trimmed.length > LIMITS.availability) throw invalid("availability", msg("problem.keepUnder", { max: String(LIMITS.availability) }));
  return trimmed || null;
}
