/**
 * The public view of a persona: the only shape in which an author leaves the server.
 * It never carries the account id, the username or another persona of the account.
 */
import type { PersonaKind } from "../db/schema.ts";

export type PersonaRow = {
  id: string;
  kind: PersonaKind;
  display_name: string;
  is_carer: boolean;
  /** For clinicians' personas: the verified specialty shown beside the badge. */
  specialty?: string | null;
  /** For clinicians' personas: until when the verification behind it holds. */
  verified_until?: Date | string | null;
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

const LABELS: Record<Capacity, string> = {
  personal: "Personal",
  carer: "Looks after someone",
  verified_clinician: "Verified clinician",
  verified_clinician_anonymous: "Verified clinician, anonymous",
  clinician_unverified: "Clinician, verification lapsed",
};

function stillVerified(row: Pick<PersonaRow, "verified_until">, now: Date): boolean {
  return row.verified_until != null && new Date(row.verified_until).getTime() > now.getTime();
}

/** The capacity of a persona now: a clinician's badge holds only while their verification does. */
export function capacityOf(row: Pick<PersonaRow, "kind" | "is_carer" | "verified_until">, now = new Date()): Capacity {
  if (row.kind === "personal") return row.is_carer ? "carer" : "personal";
  if (!stillVerified(row, now)) return "clinician_unverified";
  return row.kind === "professional" ? "verified_clinician" : "verified_clinician_anonymous";
}

export function presentPersona(row: PersonaRow, now = new Date()): PersonaView {
  const capacity = capacityOf(row, now);
  const label = LABELS[capacity];
  const withSpecialty = row.specialty && capacity !== "personal" && capacity !== "carer" ? `${label} · ${row.specialty}` : label;
  return { id: row.id, kind: row.kind, displayName: row.display_name, capacity, capacityLabel: withSpecialty };
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
