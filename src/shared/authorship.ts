/**
 * Which of the viewer's personas writes a thread, a post or a reaction: the personal one
 * by default, or one of their own that they may write as (a clinician persona needs a
 * current verification, and two-step sign-in where the host requires it). Shared by
 * discussion and reactions.
 */
import { AppError, forbidden } from "./errors.ts";
import { msg } from "./i18n/message.ts";
import { requireSecondFactorFor } from "./second-factor.ts";
import type { SignedInViewer } from "./viewer.ts";

export function chooseAuthor(viewer: SignedInViewer, personaId?: string): string {
  if (personaId === undefined) {
    const personal = viewer.personas.find((p) => p.kind === "personal");
    if (!personal) throw new AppError("no_persona", 409, msg("error.authorship.noPersonal"));
    return personal.id;
  }
  const persona = viewer.personas.find((p) => p.id === personaId);
  if (!persona) throw forbidden(msg("error.authorship.ownPersonasOnly"));
  if (persona.kind !== "personal" && !viewer.isVerifiedClinician) {
    throw forbidden(msg("error.authorship.clinicianVerification"));
  }
  if (persona.kind !== "personal") requireSecondFactorFor(viewer);
  return persona.id;
}
