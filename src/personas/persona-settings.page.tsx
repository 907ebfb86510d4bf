/**
 * /settings/personas: the personas a person writes as, adding new ones, and the
 * page that changes one (its name, "I look after someone", a clinician's boundaries).
 */
import type { OwnPersonaView } from "./personas.service.ts";
import { CsrfField, Field, Notice, PersonaBadge } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { Checkbox, FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import { labelsOf, type FormSpec } from "../web/schema-form.ts";
import { Layout, type PageContext } from "../web/layout.tsx";
import { isSignedIn } from "../shared/viewer.ts";
import { LIMITS } from "../shared/limits.ts";
import { CAPACITY_KEYS, capacityIn } from "./capacities.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { useT } from "../web/i18n.ts";
import { withParts } from "../web/message-parts.tsx";

export const PERSONAS_PATH = "/settings/personas";

export const personaSettingsPath = (id: string) => `${PERSONAS_PATH}/${encodeURIComponent(id)}`;

/** What the personas page says after a form went through (never text from the address): catalogue keys. */
export const NOTICES = { added: "personas.noticeAdded", saved: "personas.noticeSaved" } as const;
export type NoticeKey = keyof typeof NOTICES;

export type AddValues = { personalName: string; carer: boolean; professionalName: string; capacity: string };
export const EMPTY_ADD: AddValues = { personalName: "", carer: false, professionalName: "", capacity: "" };

const capacityField = (t: Translator) => ({ label: t.text("personas.capacityLegend"), whenEmpty: "null", choose: t.text("personas.chooseCapacity") }) as const;

/** The fields of the three add forms, in the page's order, in the reader's language; each form checks its own against the API's schema. */
export const addForm = (t: Translator) =>
  ({
    personalName: { label: t.text("personas.name") },
    carer: { label: t.text("personas.carer"), as: "checkbox" },
    professionalName: { label: t.text("personas.professionalName") },
    capacity: capacityField(t),
  }) satisfies FormSpec;
const addLabels = (t: Translator) => labelsOf(addForm(t)) as Record<keyof ReturnType<typeof addForm>, string>;

/**
 * The anonymous persona's field, from the vocabulary or none: its own choice, never the
 * words of the verification (ADR 20).
 */
function CapacityChoice({ value, error }: { value: string; error?: string | undefined }) {
  const t = useT();
  return (
    <RadioGroup
      name="capacity"
      legend={t.text("personas.capacityLegend")}
      hint={t.text("personas.capacityHint")}
      value={value}
      error={error}
      options={[{ value: "", label: t.text("personas.noCapacity") }, ...CAPACITY_KEYS.map((key) => ({ value: key, label: capacityIn(key, t) }))]}
    />
  );
}

const KIND_WORDS: Record<OwnPersonaView["kind"], string> = {
  personal: "personas.kindPersonal",
  professional: "personas.kindProfessional",
  anonymous_professional: "personas.kindAnonymous",
};

/** Where someone stands with clinician verification, for the "Add a clinician persona" part. */
export type ClinicianStanding = { verified: boolean; pending: boolean; specialty: string | null };

/** The plain-words promise at the heart of personas. */
function Separation() {
  const t = useT();
  const record = <a href="/me/audit-log">{t.text("personas.auditLink")}</a>;
  return (
    <section aria-labelledby="apart-heading" class="separation">
      <h2 id="apart-heading">{t.text("personas.apartHeading")}</h2>
      <p>{t.text("personas.apartLead")}</p>
      <p>{withParts(t, "personas.exception", {}, { record })}</p>
      <p class="hint">{t.text("personas.stillGiveAway")}</p>
    </section>
  );
}

function BoundariesSummary({ persona }: { persona: OwnPersonaView }) {
  const t = useT();
  if (!persona.boundaries) return null;
  return (
    <p class="boundaries-summary">
      {persona.boundaries.availability ? `“${persona.boundaries.availability}”` : t.text("personas.notSaidWhen")}
    </p>
  );
}

function OthersSee({ persona }: { persona: OwnPersonaView }) {
  const badge = <PersonaBadge persona={persona} />;
  return <p>{withParts(useT(), "personas.othersSee", {}, { badge })}</p>;
}

function PersonaItem({ persona }: { persona: OwnPersonaView }) {
  const t = useT();
  return (
    <li class="card" id={`persona-${persona.id}`}>
      <h3>{persona.displayName}</h3>
      <OthersSee persona={persona} />
      <p class="hint">{t.text(KIND_WORDS[persona.kind])}</p>
      <BoundariesSummary persona={persona} />
      <ul class="inline-links">
        <li>
          <a href={personaSettingsPath(persona.id)}>{t.text("personas.change", { name: persona.displayName })}</a>
        </li>
        <li>
          <a href={`/personas/${encodeURIComponent(persona.id)}`}>{t.text("personas.seePublicPage")}</a>
        </li>
      </ul>
    </li>
  );
}

function AddPersonal({ ctx, values, problem }: { ctx: PageContext; values: AddValues; problem?: FormProblem | null }) {
  const { t } = ctx;
  const labels = addLabels(t);
  return (
    <section aria-labelledby="add-personal-heading">
      <h2 id="add-personal-heading">{t.text("personas.addPersonal")}</h2>
      <p>{t.text("personas.addPersonalLead")}</p>
      <form method="post" action={`${PERSONAS_PATH}/personal`} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          name="personalName"
          label={labels.personalName}
          hint={t.text("personas.personalNameHint")}
          value={values.personalName}
          error={problem?.fields?.personalName}
          maxLength={LIMITS.displayName}
          autocomplete="off"
        />
        <Checkbox
          name="carer"
          label={labels.carer}
          hint={t.text("personas.carerHint")}
          checked={values.carer}
          error={problem?.fields?.carer}
        />
        <button type="submit" class="secondary">
          {t.text("personas.addPersonal")}
        </button>
      </form>
    </section>
  );
}

function AddClinician({ ctx, personas, standing, values, problem }: { ctx: PageContext; personas: OwnPersonaView[]; standing: ClinicianStanding; values: AddValues; problem?: FormProblem | null }) {
  const { t } = ctx;
  if (!standing.verified) {
    const apply = <a href="/settings/clinician">{t.text("personas.applyLink")}</a>;
    return (
      <section aria-labelledby="add-clinician-heading">
        <h2 id="add-clinician-heading">{t.text("personas.clinicianHeading")}</h2>
        <p>{t.text("personas.forVerified")}</p>
        {standing.pending ? <p>{t.text("personas.applicationWaiting")}</p> : <p>{withParts(t, "personas.ifRegistered", {}, { apply })}</p>}
      </section>
    );
  }
  const hasProfessional = personas.some((p) => p.kind === "professional");
  const hasAnonymous = personas.some((p) => p.kind === "anonymous_professional");
  const specialty = standing.specialty ? ` · ${standing.specialty}` : "";
  const labels = addLabels(t);
  return (
    <section aria-labelledby="add-clinician-heading">
      <h2 id="add-clinician-heading">{t.text("personas.clinicianHeading")}</h2>
      {hasProfessional && hasAnonymous ? <p>{t.text("personas.haveBoth")}</p> : null}
      {hasProfessional ? null : (
        <form method="post" action={`${PERSONAS_PATH}/professional`} noValidate>
          <CsrfField token={ctx.csrfToken} />
          <h3>{t.text("personas.addProfessional")}</h3>
          <Field
            name="professionalName"
            label={labels.professionalName}
            hint={t.text("personas.professionalNameHint", { specialty })}
            value={values.professionalName}
            error={problem?.fields?.professionalName}
            maxLength={LIMITS.displayName}
            autocomplete="off"
          />
          <button type="submit" class="secondary">
            {t.text("personas.addProfessional")}
          </button>
        </form>
      )}
      {hasAnonymous ? null : (
        <form method="post" action={`${PERSONAS_PATH}/anonymous`} noValidate>
          <CsrfField token={ctx.csrfToken} />
          <h3>{t.text("personas.addAnonymous")}</h3>
          <p>{t.text("personas.anonymousLead")}</p>
          <p class="hint">{t.text("personas.anonymousDates")}</p>
          <CapacityChoice value={values.capacity} error={problem?.fields?.capacity} />
          <button type="submit" class="secondary">
            {t.text("personas.addAnonymous")}
          </button>
        </form>
      )}
    </section>
  );
}

export function PersonasPage(props: {
  ctx: PageContext;
  personas: OwnPersonaView[];
  standing: ClinicianStanding;
  values: AddValues;
  problem?: FormProblem | null;
  notice?: NoticeKey;
}) {
  const { ctx, personas, standing, values, problem, notice } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("personas.title"), problem)}>
      <FormErrorSummary problem={problem} labels={addLabels(t)} />
      <h1>{t.text("personas.title")}</h1>
      {notice ? <Notice>{t.text(NOTICES[notice])}</Notice> : null}
      <p class="lead">{t.text("personas.lead")}</p>
      <Separation />
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">{t.text("personas.yourNames")}</h2>
        <ul class="card-list">
          {personas.map((persona) => (
            <PersonaItem persona={persona} />
          ))}
        </ul>
      </section>
      <AddPersonal ctx={ctx} values={values} problem={problem} />
      <AddClinician ctx={ctx} personas={personas} standing={standing} values={values} problem={problem} />
      {isSignedIn(ctx.viewer) ? (
        <p>
          <a href="/settings/clinician">{t.text("personas.clinicianVerification")}</a>
          {" · "}
          <a href="/settings/expertise">{t.text("expertise.heading")}</a>
        </p>
      ) : null}
      {/* Moderation (src/moderation): who looked behind your personas, and what moderators did. */}
      {isSignedIn(ctx.viewer) ? (
        <p>
          <a href="/me/audit-log">{t.text("personas.whatWasDone")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export type EditValues = { displayName: string; carer: boolean; acceptsPatientMessages: string; availability: string; capacity: string };

const editForm = (t: Translator) =>
  ({
    displayName: { label: t.text("personas.name") },
    carer: { label: t.text("personas.carer"), as: "checkbox" },
    availability: { label: t.text("personas.availability") },
    capacity: capacityField(t),
  }) satisfies FormSpec;
const editLabels = (t: Translator) => labelsOf(editForm(t)) as Record<keyof ReturnType<typeof editForm>, string>;

/**
 * The edit form of a persona of this kind, on the API's PersonaPatchBody: an anonymous
 * persona's name is made for it, so it chooses a capacity instead; a personal persona
 * says whether it looks after someone, a clinician one sets its boundaries.
 */
export function editFormOf(kind: OwnPersonaView["kind"], t: Translator): FormSpec {
  const { displayName, carer, availability, capacity } = editForm(t);
  // "Patients can message you" waits until messaging exists: the pages leave it out (the API keeps the field).
  const boundaries = { availability };
  if (kind === "personal") return { displayName, carer };
  if (kind === "professional") return { displayName, ...boundaries };
  return { capacity, ...boundaries };
}

export const editValuesOf = (persona: OwnPersonaView): EditValues => ({
  displayName: persona.displayName,
  carer: persona.isCarer,
  acceptsPatientMessages: persona.boundaries?.acceptsPatientMessages ? "yes" : "no",
  availability: persona.boundaries?.availability ?? "",
  capacity: persona.chosenCapacity ?? "",
});

export function EditPersonaPage({ ctx, persona, values, problem }: { ctx: PageContext; persona: OwnPersonaView; values: EditValues; problem?: FormProblem | null }) {
  const { t } = ctx;
  const labels = editLabels(t);
  const errors = problem?.fields ?? {};
  const clinician = persona.kind !== "personal";
  const title = t.text("personas.change", { name: persona.displayName });
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={labels} />
      <p class="breadcrumb">
        <a href={PERSONAS_PATH}>{t.text("personas.back")}</a>
      </p>
      <h1>{title}</h1>
      <OthersSee persona={persona} />
      <form method="post" action={personaSettingsPath(persona.id)} noValidate>
        <CsrfField token={ctx.csrfToken} />
        {persona.kind === "anonymous_professional" ? (
          <>
            <p>{t.text("personas.madeAtRandom")}</p>
            <CapacityChoice value={values.capacity} error={errors.capacity} />
          </>
        ) : (
          <Field name="displayName" label={labels.displayName} hint={t.text("personas.upTo60")} value={values.displayName} error={errors.displayName} maxLength={LIMITS.displayName} autocomplete="off" />
        )}
        {persona.kind === "personal" ? (
          <Checkbox
            name="carer"
            label={labels.carer}
            hint={t.text("personas.carerHint")}
            checked={values.carer}
            error={errors.carer}
          />
        ) : null}
        {clinician ? (
          <>
            <h2>{t.text("personaProfile.boundaries")}</h2>
            <p>{t.text("personas.boundariesLead")}</p>
            {/* "Patients can message you" waits until Hearth has messages (issue 8): offering it before would promise what is not built. */}
            <Field
              name="availability"
              label={labels.availability}
              hint={t.text("personas.availabilityHint")}
              value={values.availability}
              error={errors.availability}
              maxLength={LIMITS.availability}
              multiline
              rows={2}
            />
          </>
        ) : null}
        <button type="submit">{t.text("post.saveChanges")}</button>
      </form>
    </Layout>
  );
}
