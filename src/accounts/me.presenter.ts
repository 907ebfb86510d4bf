/** The signed-in person's own view of their account: the only view that carries the account id. */
import { presentPersona } from "../personas/persona.presenter.ts";
import type { SignedInViewer } from "../shared/viewer.ts";

export function presentMe(viewer: SignedInViewer, memberships: { slug: string; name: string; role: string; status: string }[]) {
  return {
    id: viewer.accountId,
    username: viewer.username,
    locale: viewer.locale ?? null,
    roles: [...(viewer.isAdmin ? ["admin"] : []), ...(viewer.isVerifier ? ["verifier"] : []), ...(viewer.isVerifiedClinician ? ["verified_clinician"] : [])],
    personas: viewer.personas.map((p) => ({
      ...presentPersona({ id: p.id, kind: p.kind, display_name: p.displayName, is_carer: p.isCarer, specialty: p.specialty, capacity: p.capacity ?? null, verified_until: p.verifiedUntil, verified_from: p.verifiedFrom ?? null }),
      isCarer: p.isCarer,
    })),
    memberships: memberships.map((m) => ({ community: { slug: m.slug, name: m.name }, role: m.role, status: m.status })),
  };
}
