/**
 * /personas/:id: the page anyone sees for one persona. It shows that persona alone:
 * its name, the capacity it speaks in, a clinician's specialty and boundaries, what
 * its owner chose to show from a linked account, and never a link to another persona
 * of the same person.
 */
import { ExpertiseCard } from "../questions/questions.components.tsx";
import type { PublicExpertiseView } from "../questions/expertise.service.ts";
import type { PersonaProfileView } from "./personas.service.ts";
import { PersonaBadge } from "../web/components.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { useT } from "../web/i18n.ts";
// Moderation (src/moderation): the Report link, and Ask to reveal for administrators.
import { ReportLinks } from "../moderation/moderation.components.tsx";
// Following (src/follows): the persona's follow button (none on one's own).
import { FollowButton } from "../follows/follows.components.tsx";
import type { FollowState } from "../follows/follows.service.ts";

function Boundaries({ profile }: { profile: PersonaProfileView }) {
  const { boundaries } = profile.persona;
  const t = useT();
  if (!boundaries) return null;
  return (
    <section aria-labelledby="boundaries-heading">
      <h2 id="boundaries-heading">{t.text("personaProfile.boundaries")}</h2>
      <dl>
        <dt>{t.text("personaProfile.whenTheyAnswer")}</dt>
        <dd>{boundaries.availability ?? t.text("personaProfile.notSaid")}</dd>
      </dl>
    </section>
  );
}

/** Fields the owner drew across from a linked account, onto this persona only. */
function LinkedProfile({ profile }: { profile: PersonaProfileView }) {
  const shown = profile.persona.profile;
  const t = useT();
  if (!shown || (!shown.name && !shown.pictureUrl && !shown.profileLink)) return null;
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t.text("personaProfile.profile")}</h2>
      {shown.pictureUrl ? <img src={shown.pictureUrl} alt={t.text("personaProfile.pictureOf", { name: profile.persona.displayName })} width={96} height={96} class="persona-picture" /> : null}
      <dl>
        {shown.name ? (
          <>
            <dt>{t.text("personaProfile.name")}</dt>
            <dd>{shown.name}</dd>
          </>
        ) : null}
        {shown.profileLink ? (
          <>
            <dt>{t.text("personaProfile.elsewhere")}</dt>
            <dd>
              <a href={shown.profileLink} rel="nofollow noopener noreferrer ugc">
                {shown.profileLink}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export function PersonaProfilePage({
  ctx,
  profile,
  can,
  follow,
  expertise,
}: {
  ctx: PageContext;
  profile: PersonaProfileView;
  can: { askToReveal: boolean };
  follow?: FollowState;
  /** What this persona says it knows (src/questions), with its endorsements as counts. */
  expertise?: PublicExpertiseView | null | undefined;
}) {
  const { persona, specialty } = profile;
  const clinician = persona.kind !== "personal";
  const { t } = ctx;
  const name = { name: persona.displayName };
  return (
    <Layout ctx={ctx} title={persona.displayName}>
      <h1>{persona.displayName}</h1>
      <p class="persona-capacity">
        <PersonaBadge persona={persona} />
      </p>
      {follow?.can.follow ? (
        <FollowButton what="persona" action={`/personas/${encodeURIComponent(persona.id)}/follow`} following={follow.following} csrfToken={ctx.csrfToken} back={ctx.path} name={persona.displayName} />
      ) : null}
      {profile.nameUnderReview ? (
        <p class="notice">{t.text("personaProfile.nameUnderReview", name)}</p>
      ) : (
        <p>{t.text("personaProfile.capacityWords", { ...name, capacity: persona.capacity })}</p>
      )}
      {clinician && specialty ? (
        <dl>
          <dt>{t.text(persona.kind === "anonymous_professional" ? "personaProfile.field" : "personaProfile.specialty")}</dt>
          <dd>{specialty}</dd>
        </dl>
      ) : null}
      <Boundaries profile={profile} />
      {expertise ? <ExpertiseCard ctx={ctx} expertise={expertise} /> : null}
      <LinkedProfile profile={profile} />
      <ReportLinks target={{ type: "persona", id: persona.id }} back={ctx.path} label={persona.displayName} askToReveal={can.askToReveal} />
      <section aria-labelledby="apart-heading" class="separation">
        <h2 id="apart-heading">{t.text("personaProfile.apartHeading")}</h2>
        <p>{t.text("personaProfile.onePersona")}</p>
        <p>{t.text("personaProfile.exception")}</p>
      </section>
    </Layout>
  );
}
