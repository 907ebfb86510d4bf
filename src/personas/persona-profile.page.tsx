/**
 * /personas/:id: the page anyone sees for one persona. It shows that persona alone:
 * its name, the capacity it speaks in, a clinician's specialty and boundaries, what
 * its owner chose to show from a linked account, and never a link to another persona
 * of the same person.
 */
import type { PersonaProfileView } from "./personas.service.ts";
import { PersonaBadge } from "../web/components.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
// Moderation (src/moderation): the Report link, and Ask to reveal for administrators.
import { ReportLinks } from "../moderation/moderation.components.tsx";

const CAPACITY_WORDS: Record<string, (name: string) => string> = {
  personal: (name) => `${name} writes here as themselves, from their own life. What they write is not professional advice.`,
  carer: (name) => `${name} writes here as someone who looks after another person. What they write is not professional advice.`,
  verified_clinician: (name) => `${name} writes here as a clinician, under their professional name. Hearth checked their professional registration.`,
  verified_clinician_anonymous: (name) =>
    `${name} is a verified clinician writing anonymously. Hearth checked their professional registration, but does not show who they are.`,
  clinician_unverified: (name) => `${name} wrote as a clinician, but their verification has lapsed. Until it is renewed, treat what they write as personal.`,
};

function Boundaries({ profile }: { profile: PersonaProfileView }) {
  const { boundaries, displayName } = profile.persona;
  if (!boundaries) return null;
  return (
    <section aria-labelledby="boundaries-heading">
      <h2 id="boundaries-heading">Boundaries</h2>
      <dl>
        <dt>When they answer</dt>
        <dd>{boundaries.availability ?? "They have not said."}</dd>
      </dl>
    </section>
  );
}

/** Fields the owner drew across from a linked account, onto this persona only. */
function LinkedProfile({ profile }: { profile: PersonaProfileView }) {
  const shown = profile.persona.profile;
  if (!shown || (!shown.name && !shown.pictureUrl && !shown.profileLink)) return null;
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      {shown.pictureUrl ? <img src={shown.pictureUrl} alt={`Picture of ${profile.persona.displayName}`} width={96} height={96} class="persona-picture" /> : null}
      <dl>
        {shown.name ? (
          <>
            <dt>Name</dt>
            <dd>{shown.name}</dd>
          </>
        ) : null}
        {shown.profileLink ? (
          <>
            <dt>Profile elsewhere</dt>
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

export function PersonaProfilePage({ ctx, profile, can }: { ctx: PageContext; profile: PersonaProfileView; can: { askToReveal: boolean } }) {
  const { persona, specialty } = profile;
  const clinician = persona.kind !== "personal";
  return (
    <Layout ctx={ctx} title={persona.displayName}>
      <h1>{persona.displayName}</h1>
      <p class="persona-capacity">
        <PersonaBadge persona={persona} />
      </p>
      {profile.nameUnderReview ? (
        <p class="notice">
          {persona.displayName} changed their name since their registration was checked. The verified badge is paused until a reviewer confirms the new name.
        </p>
      ) : (
        <p>{(CAPACITY_WORDS[persona.capacity] ?? CAPACITY_WORDS.personal!)(persona.displayName)}</p>
      )}
      {clinician && specialty ? (
        <dl>
          <dt>{persona.kind === "anonymous_professional" ? "Field" : "Specialty"}</dt>
          <dd>{specialty}</dd>
        </dl>
      ) : null}
      <Boundaries profile={profile} />
      <LinkedProfile profile={profile} />
      <ReportLinks target={{ type: "persona", id: persona.id }} back={ctx.path} label={persona.displayName} askToReveal={can.askToReveal} />
      <section aria-labelledby="apart-heading" class="separation">
        <h2 id="apart-heading">Personal and professional lives are kept apart</h2>
        <p>
          This page shows one persona only. People on Hearth can write under more than one name, for example as a patient and as a clinician. Hearth never
          shows which account is behind a persona, or which other personas belong to the same person.
        </p>
        <p>
          There is one exception, for someone's safety or the law: two of this server's administrators together can reveal the account behind a persona.
          One asks, giving a reason, and a second must agree. The person is told: it appears in the record of what was done about their account, and it is
          kept in the audit log.
        </p>
      </section>
    </Layout>
  );
}
