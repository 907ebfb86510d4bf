/**
 * The parts of a community page that belong to the clinicians' network: where a
 * patient community's clinicians talk (the "dumbbell"), and what someone who is not a
 * verified clinician sees instead of a join button on the network itself.
 */
import type { CommunityView, SpaceView } from "./communities.presenter.ts";

export const isClinicianNetwork = (community: Pick<CommunityView, "kind">) => community.kind === "clinician_network";

export const NETWORK_NO_SPACES = "What is written here is only for verified clinicians.";

/** On a patient community's page: the network spaces whose clinicians support it. */
export function PairedClinicianSpaces({ community }: { community: CommunityView }) {
  const paired = community.pairedClinicianSpaces ?? [];
  if (paired.length === 0) return null;
  return (
    <section aria-labelledby="clinicians-heading" class="paired-clinicians">
      <h2 id="clinicians-heading">Clinicians who support this community</h2>
      <ul>
        {paired.map((p) => (
          <li>
            Clinicians who support this community talk in{" "}
            <a href={`/c/${encodeURIComponent(p.community.slug)}/s/${encodeURIComponent(p.space.slug)}`}>{p.space.name}</a> (clinicians only), part of the{" "}
            {p.community.name}.
          </li>
        ))}
      </ul>
    </section>
  );
}

/** On the network's own page, in place of the join button, for someone who is not a verified clinician. */
export function NetworkIsForClinicians() {
  return (
    <div class="membership">
      <p>Only verified clinicians can join this network and read its spaces.</p>
      <p>
        If you are a registered clinician, <a href="/settings/clinician">apply to be verified</a>.
      </p>
    </div>
  );
}

/** Beside a network space in the list: the patient community it supports. */
export function PairedWith({ space }: { space: SpaceView }) {
  if (!space.pairedCommunity) return null;
  return (
    <p class="paired-with">
      Supports <a href={`/c/${encodeURIComponent(space.pairedCommunity.slug)}`}>{space.pairedCommunity.name}</a>.
    </p>
  );
}
