/**
 * The parts of a community page that belong to the clinicians' network: where a
 * patient community's clinicians talk (the "dumbbell"), and what someone who is not a
 * verified clinician sees instead of a join button on the network itself.
 */
import type { CommunityView, SpaceView } from "./communities.presenter.ts";
import { useT } from "../web/i18n.ts";
import { withParts } from "../web/message-parts.tsx";

export const isClinicianNetwork = (community: Pick<CommunityView, "kind">) => community.kind === "clinician_network";

/** The catalogue key of what the network's page says in place of spaces its reader cannot read. */
export const NETWORK_NO_SPACES = "network.noSpaces";

/** On a patient community's page: the network spaces whose clinicians support it. */
export function PairedClinicianSpaces({ community }: { community: CommunityView }) {
  const t = useT();
  const paired = community.pairedClinicianSpaces ?? [];
  if (paired.length === 0) return null;
  const spaceLink = (p: (typeof paired)[number]) => <a href={`/c/${encodeURIComponent(p.community.slug)}/s/${encodeURIComponent(p.space.slug)}`}>{p.space.name}</a>;
  return (
    <section aria-labelledby="clinicians-heading" class="paired-clinicians">
      <h2 id="clinicians-heading">{t.text("network.supportHeading")}</h2>
      <ul>
        {paired.map((p) => (
          <li>{withParts(t, "network.talkIn", { network: p.community.name }, { space: spaceLink(p) })}</li>
        ))}
      </ul>
    </section>
  );
}

/** On the network's own page, in place of the join button, for someone who is not a verified clinician. */
export function NetworkIsForClinicians() {
  const t = useT();
  const apply = <a href="/settings/clinician">{t.text("network.applyLink")}</a>;
  return (
    <div class="membership">
      <p>{t.text("network.onlyVerified")}</p>
      <p>{withParts(t, "network.ifRegistered", {}, { apply })}</p>
    </div>
  );
}

/** Beside a network space in the list: the patient community it supports. */
export function PairedWith({ space }: { space: SpaceView }) {
  const t = useT();
  if (!space.pairedCommunity) return null;
  const community = <a href={`/c/${encodeURIComponent(space.pairedCommunity.slug)}`}>{space.pairedCommunity.name}</a>;
  return <p class="paired-with">{withParts(t, "network.supports", {}, { community })}</p>;
}
