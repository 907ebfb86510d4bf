/**
 * The public view of a persona: the only shape in which an author leaves the server.
 * It never carries the account id, the username or another persona of the account.
 */
import type { PersonaKind } from "../db/schema.ts";

export type PersonaRow = { id: string; kind: PersonaKind; display_name: string; is_carer: boolean };

export type PersonaView = {
  id: string;
  kind: PersonaKind;
  displayName: string;
  /** The capacity the persona speaks in, in words, for the badge beside every post. */
  capacity: "personal" | "carer" | "verified_clinician" | "verified_clinician_anonymous";
  capacityLabel: string;
};

const LABELS: Record<PersonaView["capacity"], string> = {
  personal: "Personal",
  carer: "Looks after someone",
  verified_clinician: "Verified clinician",
  verified_clinician_anonymous: "Verified clinician, anonymous",
};

export function capacityOf(row: Pick<PersonaRow, "kind" | "is_carer">): PersonaView["capacity"] {
  if (row.kind === "professional") return "verified_clinician";
  if (row.kind === "anonymous_professional") return "verified_clinician_anonymous";
  return row.is_carer ? "carer" : "personal";
}

export function presentPersona(row: PersonaRow): PersonaView {
  const capacity = capacityOf(row);
  return { id: row.id, kind: row.kind, displayName: row.display_name, capacity, capacityLabel: LABELS[capacity] };
}
