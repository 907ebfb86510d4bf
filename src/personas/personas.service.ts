/**
 * Personas: the faces an account shows. Personal ones (patient or carer) anyone may
 * add; professional and anonymous-professional ones need an approved, current
 * clinician verification. Which account stands behind a persona never leaves the
 * server through here.
 */
import type { Db } from "../db/connection.ts";
import type { PersonaKind } from "../db/schema.ts";
import type { EventBus } from "../events/event-bus.ts";
import { currentVerification } from "../clinicians/clinicians.repo.ts";
import { conflict, forbidden, invalid, notFound, notSignedIn } from "../shared/errors.ts";
import { isId, newId } from "../shared/ids.ts";
import { isSignedIn, type Viewer } from "../shared/viewer.ts";
import { generateAnonymousName } from "./handles.ts";
import { boundariesOf, isClinicianKind, presentPersona, type PersonaView } from "./persona.presenter.ts";
import * as repo from "./personas.repo.ts";
import { listFieldsOfPersona } from "../external-identity/external-identity.repo.ts";
import { presentProfile, type PersonaProfile } from "../external-identity/external-identity.presenter.ts";

export type OwnPersonaView = PersonaView & { isCarer: boolean; specialty: string | null; verifiedUntil: string | null };

export type PersonaInput = { kind: PersonaKind; displayName?: string; carer?: boolean };

export type PublicPersonaView = PersonaView & { profile?: PersonaProfile };

/** The public profile page of one persona. */
export type PersonaProfileView = { persona: PublicPersonaView; specialty: string | null };

export type PersonaPatch = { displayName?: string; carer?: boolean; acceptsPatientMessages?: boolean; availability?: string | null };

/** The longest availability note ("Answers on Tuesdays"). */
export const MAX_AVAILABILITY = 200;

const MAX_PERSONAS = 6;

function presentOwn(row: repo.PersonaRecord): OwnPersonaView {
  return {
    ...presentPersona(row),
    isCarer: row.is_carer,
    specialty: row.specialty,
    verifiedUntil: row.verified_until ? row.verified_until.toISOString() : null,
    ...withBoundaries(row),
  };
}

const withBoundaries = (row: repo.PersonaRecord) => {
  const boundaries = boundariesOf(row);
  return boundaries ? { boundaries } : {};
};

export class PersonasService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
  ) {}

  async mine(viewer: Viewer): Promise<{ items: OwnPersonaView[]; nextCursor: null }> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    const rows = await repo.listPersonasOfAccount(this.db, viewer.accountId);
    return { items: rows.map(presentOwn), nextCursor: null };
  }

  /** The public view of one persona: what anyone may know of it. */
  async get(id: string): Promise<PublicPersonaView> {
    const row = isId(id) ? await repo.findPersona(this.db, id) : undefined;
    if (!row) throw notFound("That persona");
    // What the owner chose to show from a linked account (external-identity), if anything.
    const profile = presentProfile(row.kind, await listFieldsOfPersona(this.db, row.id));
    const view = { ...presentPersona(row), ...withBoundaries(row) };
    return profile ? { ...view, profile } : view;
  }

  /** What the persona's own page shows: its public view and, for a clinician persona, the verified specialty. */
  async publicProfile(id: string): Promise<PersonaProfileView> {
    const persona = await this.get(id);
    const row = (await repo.findPersona(this.db, persona.id))!;
    return { persona, specialty: isClinicianKind(row.kind) ? row.specialty : null };
  }

  async create(viewer: Viewer, input: PersonaInput): Promise<OwnPersonaView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.db.transaction().execute(async (trx) => {
      const existing = await repo.listPersonasOfAccount(trx, viewer.accountId);
      if (existing.length >= MAX_PERSONAS) throw conflict("too_many_personas", `An account can have up to ${MAX_PERSONAS} personas.`);
      let row: Parameters<typeof repo.insertPersona>[1];
      if (input.kind === "personal") {
        const displayName = await this.checkedName(trx, input.displayName, viewer.username);
        row = { id: newId(), account_id: viewer.accountId, kind: "personal", display_name: displayName, is_carer: input.carer ?? false, specialty: null, verified_until: null };
      } else {
        const verification = await currentVerification(trx, viewer.accountId);
        if (!verification) {
          throw forbidden("A clinician persona needs an approved, current clinician verification. Apply for one first.");
        }
        if (existing.some((p) => p.kind === input.kind)) {
          throw conflict("persona_exists", `You already have a${input.kind === "professional" ? " professional" : "n anonymous clinician"} persona.`);
        }
        // An anonymous persona gets a generated name: a chosen one could give the person away.
        if (input.kind === "anonymous_professional" && input.displayName !== undefined) {
          throw invalid("displayName", "an anonymous clinician persona gets a generated name; leave this out");
        }
        const displayName = input.kind === "professional" ? await this.checkedName(trx, input.displayName, viewer.username) : await this.freshAnonymousName(trx);
        row = {
          id: newId(),
          account_id: viewer.accountId,
          kind: input.kind,
          display_name: displayName,
          is_carer: false,
          specialty: verification.specialty,
          verified_until: verification.expires_at,
        };
      }
      await repo.insertPersona(trx, row);
      await this.events.publish(trx, { type: "persona.created", personaId: row.id });
      return presentOwn({ ...row, status: "active", accepts_patient_messages: false, availability: null });
    });
  }

  async update(viewer: Viewer, id: string, patch: PersonaPatch): Promise<OwnPersonaView> {
    if (!isSignedIn(viewer)) throw notSignedIn();
    return this.db.transaction().execute(async (trx) => {
      const row = isId(id) ? await repo.findPersona(trx, id) : undefined;
      if (!row || row.account_id !== viewer.accountId) throw notFound("That persona");
      if (patch.displayName !== undefined && row.kind === "anonymous_professional") {
        throw invalid("displayName", "an anonymous clinician persona keeps its generated name");
      }
      if (patch.carer !== undefined && row.kind !== "personal") throw invalid("carer", "only a personal persona can be marked as a carer");
      if (!isClinicianKind(row.kind)) {
        if (patch.acceptsPatientMessages !== undefined) throw invalid("acceptsPatientMessages", "only a clinician persona sets boundaries for messages from patients");
        if (patch.availability !== undefined) throw invalid("availability", "only a clinician persona states when it answers");
      }
      const changes = {
        ...(patch.acceptsPatientMessages !== undefined ? { accepts_patient_messages: patch.acceptsPatientMessages } : {}),
        ...(patch.availability !== undefined ? { availability: checkedAvailability(patch.availability) } : {}),
        ...(patch.displayName !== undefined && patch.displayName.trim() !== row.display_name ? { display_name: await this.checkedName(trx, patch.displayName, viewer.username) } : {}),
        ...(patch.carer !== undefined ? { is_carer: patch.carer } : {}),
      };
      if (Object.keys(changes).length) await repo.updatePersona(trx, row.id, changes);
      return presentOwn({ ...row, ...changes });
    });
  }

  /** A persona's name, trimmed; never the account's username, which is half of how it signs in (ADR 23). */
  private async checkedName(db: Db, name: string | undefined, username: string): Promise<string> {
    const trimmed = name?.trim() ?? "";
    if (trimmed && trimmed.toLowerCase() === username.toLowerCase()) {
      throw invalid("displayName", "choose a name that is not your username: others see this name on everything you write, and your username is half of how you sign in");
    }
    if (!trimmed) throw invalid("displayName", "give this persona a name");
    if (trimmed.length > 60) throw invalid("displayName", "keep the name under 60 characters");
    if (/^clinician [0-9a-z]{5}$/i.test(trimmed)) throw invalid("displayName", "names like this are kept for anonymous clinicians");
    return trimmed;
  }

  private async freshAnonymousName(db: Db): Promise<string> {
    for (;;) {
      const name = generateAnonymousName();
      if (!(await repo.displayNameTaken(db, name))) return name;
    }
  }
}

/** Availability is free words, up to MAX_AVAILABILITY characters; empty clears it. */
function checkedAvailability(text: string | null): string | null {
  const trimmed = text?.trim() ?? "";
  if (trimmed.length > MAX_AVAILABILITY) throw invalid("availability", `keep it under ${MAX_AVAILABILITY} characters`);
  return trimmed || null;
}
