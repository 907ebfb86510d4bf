/**
 * The public view of a persona: the only shape in which an author leaves the server.
 * It never carries the account id, the username or another persona of the account.
 */
import type { PersonaKind } from "../db/schema.ts";
import { windowHolds } from "./anonymous-validity.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";

/** What a persona shows drawn from a linked account (chosen by its owner; external-identity fills it in). */
export type PersonaProfile = { name?: string; pictureUrl?: string; profileLink?: string };
import { capacityIn, capacityKeyOf, capacityLabelOf } from "./capacities.ts";

export type PersonaRow = {
  id: string;
  kind: PersonaKind;
  display_name: string;
  is_carer: boolean;
  /** For a professional persona: the verified specialty shown beside the badge (never used for an anonymous one). */
  specialty?: string | null;
  /** For an anonymous clinician persona: the vocabulary key its owner chose (src/personas/capacities.ts). */
  capacity?: string | null;
  /** For clinicians' personas: until when this persona's badge holds (an anonymous one's is its own, ADR 20). */
  verified_until?: Date | string | null;
  /** For clinicians' personas: from when its badge holds (null: since it was made). */
  verified_from?: Date | string | null;
};

export type Capacity = "personal" | "carer" | "verified_clinician" | "verified_clinician_anonymous" | "clinician_unverified";

export type PersonaView = {
  id: string;
  kind: PersonaKind;
  displayName: string;
  /** The capacity the persona speaks in, in words, for the badge beside every post. */
  capacity: Capacity;
  capacityLabel: string;
  /** Only in a clinician persona's own public view (never beside posts): its stated boundaries. */
  boundaries?: Boundaries;
};

/** The badge's words for each capacity, as catalogue keys: the API says them in English, a page in the reader's language (PersonaBadge). */
export const CAPACITY_KEYS: Record<Capacity, string> = {
  personal: "badge.personal",
  carer: "badge.carer",
  verified_clinician: "badge.verifiedClinician",
  verified_clinician_anonymous: "badge.verifiedClinicianAnonymous",
  clinician_unverified: "badge.clinicianUnverified",
};

/** The badge's words in English, as `capacityLabel` carries them. */
export const capacityWords = (capacity: Capacity, t: Translator = english()): string => t.text(CAPACITY_KEYS[capacity]);

/** A view's badge label in the reader's language: the capacity's words translated, what follows them (" · Respiratory") as it is. */
export function capacityLabelIn(view: Pick<PersonaView, "capacity" | "capacityLabel">, t: Translator): string {
  const inEnglish = capacityWords(view.capacity);
  if (!view.capacityLabel.startsWith(inEnglish)) return view.capacityLabel;
  const rest = view.capacityLabel.slice(inEnglish.length);
  // An anonymous clinician's field is a vocabulary entry, so it has words in every language; a named clinician's specialty is their own text.
  const vocabulary = view.capacity === "verified_clinician_anonymous" && rest.startsWith(" · ") ? capacityKeyOf(rest.slice(3)) : undefined;
  return capacityWords(view.capacity, t) + (vocabulary ? ` · ${capacityIn(vocabulary, t)}` : rest);
}

/** The capacity of a persona now: a clinician's badge holds only within its own window. */
export function capacityOf(row: Pick<PersonaRow, "kind" | "is_carer" | "verified_until" | "verified_from">, now = new Date()): Capacity {
  if (row.kind === "personal") return row.is_carer ? "carer" : "personal";
  if (!windowHolds(row, now)) return "clinician_unverified";
  return row.kind === "professional" ? "verified_clinician" : "verified_clinician_anonymous";
}

/**
 * What follows the badge's words: a professional persona's verified specialty, an
 * anonymous one's vocabulary entry. An anonymous persona never shows the specialty,
 * even if an old row still held one: it is the verification's text (ADR 20).
 */
function fieldOf(row: PersonaRow): string | null {
  if (row.kind === "professional") return row.specialty || null;
  if (row.kind === "anonymous_professional") return capacityLabelOf(row.capacity);
  return null;
}

/** The public view of a persona, with its badge as it stands at `now`. */
export function presentPersona(row: PersonaRow, now = new Date()): PersonaView {
  const capacity = capacityOf(row, now);
  const label = capacityWords(capacity);
  const field = fieldOf(row);
  return { id: row.id, kind: row.kind, displayName: row.display_name, capacity, capacityLabel: field ? `${label} · ${field}` : label };
}

/**
 * A clinician persona's stated boundaries. They belong to the persona, not the account:
 * a professional and an anonymous persona of one person each say their own.
 */
export type Boundaries = { acceptsPatientMessages: boolean; availability: string | null };

export const isClinicianKind = (kind: PersonaKind) => kind === "professional" || kind === "anonymous_professional";

/** The boundaries to show beside a clinician persona; none for a personal one. */
export function boundariesOf(row: { kind: PersonaKind; accepts_patient_messages: boolean; availability: string | null }): Boundaries | undefined {
  if (!isClinicianKind(row.kind)) return undefined;
  return { acceptsPatientMessages: row.accepts_patient_messages, availability: row.availability };
}
