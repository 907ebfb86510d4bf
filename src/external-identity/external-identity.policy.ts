/** Who may show what is drawn from a linked account. */
import type { PersonaKind } from "../db/schema.ts";

/**
 * A persona may show fields drawn from a linked account when it belongs to the
 * member and is not an anonymous clinician persona: a name or picture from a named
 * account would unmask it, so it can never be chosen.
 */
export function canShowDrawnFields(persona: { account_id: string; kind: PersonaKind; status: string }, accountId: string): boolean {
  return persona.account_id === accountId && persona.status === "active" && persona.kind !== "anonymous_professional";
}
