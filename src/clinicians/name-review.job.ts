/**
 * A verified professional persona took a new name (persona.renamed): its badge is already
 * paused (src/personas), and here the name goes to the reviewers. Safe to run twice: a
 * review is opened only while none waits.
 */
import type { EventBus } from "../events/event-bus.ts";
import type { CliniciansService } from "./clinicians.service.ts";

export function subscribeNameReview(events: EventBus, clinicians: CliniciansService) {
  events.subscribe("persona.renamed", "open-name-review", (event) => clinicians.openNameReview(event.personaId));
}
