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
import { CAPACITIES, CAPACITY_KEYS } from "./capacities.ts";

export const PERSONAS_PATH = "/settings/personas";

export const personaSettingsPath = (id: string) => `${PERSONAS_PATH}/${encodeURIComponent(id)}`;

/** What the personas page says after a form went through (never text from the address). */
export const NOTICES = { added: "Your new persona is ready. Choose it under “Write as” when you post.", saved: "Your changes are saved." } as const;
export type NoticeKey = keyof typeof NOTICES;

export type AddValues = { personalName: string; carer: boolean; professionalName: string; capacity: string };
export const EMPTY_ADD: AddValues = { personalName: "", carer: false, professionalName: "", capacity: "" };

const CAPACITY_LEGEND = "The field readers see beside its badge";

const CHOOSE_CAPACITY = "Choose a field from the list, or none.";

/** The fields of the three add forms, in the page's order; each form checks its own against the API's schema. */
export const ADD_FORM = {
  personalName: { label: "Name" },
  carer: { label: "I look after someone", as: "checkbox" },
  professionalName: { label: "Professional name" },
  capacity: { label: CAPACITY_LEGEND, whenEmpty: "null", choose: CHOOSE_CAPACITY },
} satisfies FormSpec;
const ADD_LABELS = labelsOf(ADD_FORM) as Record<keyof typeof ADD_FORM, string>;

/**
 * The anonymous persona's field, from the vocabulary or none: its own choice, never the
 * words of the verification (ADR 20).
 */
function CapacityChoice({ value, error }: { value: string; error?: string | undefined }) {
  return (
    <RadioGroup
      name="capacity"
      legend={CAPACITY_LEGEND}
      hint="A broad field that many clinicians share, or none. It belongs to this persona alone. A field that repeats words of the specialty you were verified for cannot be chosen: reviewers and your professional persona show those words."
      value={value}
      error={error}
      options={[{ value: "", label: "None" }, ...CAPACITY_KEYS.map((key) => ({ value: key, label: CAPACITIES[key] }))]}
    />
  );
}

const KIND_WORDS: Record<OwnPersonaView["kind"], string> = {
  personal: "Personal: you, writing from your own life.",
  professional: "Professional: you as a verified clinician, under your professional name.",
  anonymous_professional: "Anonymous clinician: a verified clinician, with a made-up name that cannot give you away.",
};

/** Where someone stands with clinician verification, for the "Add a clinician persona" part. */
export type ClinicianStanding = { verified: boolean; pending: boolean; specialty: string | null };

/** The plain-words promise at the heart of personas. */
function Separation() {
  return (
    <section aria-labelledby="apart-heading" class="separation">
      <h2 id="apart-heading">Nobody else can tell which personas are yours</h2>
      <p>
        Other people cannot see which personas belong together. Not other members, not moderators, not search. Each persona has its own name and its own
        page, and nothing on it points to your other personas.
      </p>
      <p>
        One exception: for someone's safety or the law, two of this server's administrators together can reveal the account behind a persona. You are told:
        it appears in <a href="/me/audit-log">what was done about your account</a>.
      </p>
      <p class="hint">What you write can still give you away. Try not to tell the same story under two names.</p>
    </section>
  );
}

function BoundariesSummary({ persona }: { persona: OwnPersonaView }) {
  if (!persona.boundaries) return null;
  return (
    <p class="boundaries-summary">
      {persona.boundaries.availability ? `“${persona.boundaries.availability}”` : "You have not said when you answer."}
    </p>
  );
}

function PersonaItem({ persona }: { persona: OwnPersonaView }) {
  return (
    <li class="card" id={`persona-${persona.id}`}>
      <h3>{persona.displayName}</h3>
      <p>
        Others see: <PersonaBadge persona={persona} />
      </p>
      <p class="hint">{KIND_WORDS[persona.kind]}</p>
      <BoundariesSummary persona={persona} />
      <ul class="inline-links">
        <li>
          <a href={personaSettingsPath(persona.id)}>Change {persona.displayName}</a>
        </li>
        <li>
          <a href={`/personas/${encodeURIComponent(persona.id)}`}>See the page others see</a>
        </li>
      </ul>
    </li>
  );
}

function AddPersonal({ ctx, values, problem }: { ctx: PageContext; values: AddValues; problem?: FormProblem | null }) {
  return (
    <section aria-labelledby="add-personal-heading">
      <h2 id="add-personal-heading">Add a personal persona</h2>
      <p>For example, a second name to write about something private, or to write as someone who looks after another person.</p>
      <form method="post" action={`${PERSONAS_PATH}/personal`} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field
          name="personalName"
          label={ADD_LABELS.personalName}
          hint="Others see this name beside what you write as this persona. Up to 60 characters."
          value={values.personalName}
          error={problem?.fields?.personalName}
          maxLength={LIMITS.displayName}
          autocomplete="off"
        />
        <Checkbox
          name="carer"
          label={ADD_LABELS.carer}
          hint="Posts by this persona will say that you look after someone, and you can read spaces kept for carers."
          checked={values.carer}
          error={problem?.fields?.carer}
        />
        <button type="submit" class="secondary">
          Add a personal persona
        </button>
      </form>
    </section>
  );
}

function AddClinician({ ctx, personas, standing, values, problem }: { ctx: PageContext; personas: OwnPersonaView[]; standing: ClinicianStanding; values: AddValues; problem?: FormProblem | null }) {
  if (!standing.verified) {
    return (
      <section aria-labelledby="add-clinician-heading">
        <h2 id="add-clinician-heading">Clinician personas</h2>
        <p>Professional and anonymous clinician personas are for verified clinicians.</p>
        {standing.pending ? (
          <p>Your application to be verified is waiting for review. You can add a clinician persona once it is approved.</p>
        ) : (
          <p>
            If you are a registered clinician, <a href="/settings/clinician">apply to be verified as a clinician</a>.
          </p>
        )}
      </section>
    );
  }
  const hasProfessional = personas.some((p) => p.kind === "professional");
  const hasAnonymous = personas.some((p) => p.kind === "anonymous_professional");
  const specialty = standing.specialty ? ` · ${standing.specialty}` : "";
  return (
    <section aria-labelledby="add-clinician-heading">
      <h2 id="add-clinician-heading">Clinician personas</h2>
      {hasProfessional && hasAnonymous ? <p>You have a professional and an anonymous clinician persona.</p> : null}
      {hasProfessional ? null : (
        <form method="post" action={`${PERSONAS_PATH}/professional`} noValidate>
          <CsrfField token={ctx.csrfToken} />
          <h3>Add a professional persona</h3>
          <Field
            name="professionalName"
            label={ADD_LABELS.professionalName}
            hint={`The name patients and colleagues know you by, such as Dr Amira Khan. It shows with the badge “Verified clinician${specialty}”.`}
            value={values.professionalName}
            error={problem?.fields?.professionalName}
            maxLength={LIMITS.displayName}
            autocomplete="off"
          />
          <button type="submit" class="secondary">
            Add a professional persona
          </button>
        </form>
      )}
      {hasAnonymous ? null : (
        <form method="post" action={`${PERSONAS_PATH}/anonymous`} noValidate>
          <CsrfField token={ctx.csrfToken} />
          <h3>Add an anonymous clinician persona</h3>
          <p>
            It gets a made-up name, such as Clinician 7QF4K, and the badge “Verified clinician, anonymous”, with the field you choose here. Readers know a
            verified clinician wrote it, but not who.
          </p>
          <p class="hint">
            Its badge keeps its own dates: it lapses some hours to three days before your verification does and, after a late renewal, comes back some hours to three days later. That way
            nobody can match it to your professional persona by the moment a badge changes.
          </p>
          <CapacityChoice value={values.capacity} error={problem?.fields?.capacity} />
          <button type="submit" class="secondary">
            Add an anonymous clinician persona
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
  return (
    <Layout ctx={ctx} title={formTitle("How you appear", problem)}>
      <FormErrorSummary problem={problem} labels={ADD_LABELS} />
      <h1>How you appear</h1>
      {notice ? <Notice>{NOTICES[notice]}</Notice> : null}
      <p class="lead">A persona is a name you write under. You choose which one to use each time you post, and readers see its name and badge.</p>
      <Separation />
      <section aria-labelledby="mine-heading">
        <h2 id="mine-heading">Your names (personas)</h2>
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
          <a href="/settings/clinician">Clinician verification</a>
        </p>
      ) : null}
      {/* Moderation (src/moderation): who looked behind your personas, and what moderators did. */}
      {isSignedIn(ctx.viewer) ? (
        <p>
          <a href="/me/audit-log">What was done about your account</a>
        </p>
      ) : null}
    </Layout>
  );
}

export type EditValues = { displayName: string; carer: boolean; acceptsPatientMessages: string; availability: string; capacity: string };

const EDIT_FORM = {
  displayName: { label: "Name" },
  carer: { label: "I look after someone", as: "checkbox" },
  availability: { label: "When you answer (optional)" },
  capacity: { label: CAPACITY_LEGEND, whenEmpty: "null", choose: CHOOSE_CAPACITY },
} satisfies FormSpec;
const EDIT_LABELS = labelsOf(EDIT_FORM) as Record<keyof typeof EDIT_FORM, string>;

/**
 * The edit form of a persona of this kind, on the API's PersonaPatchBody: an anonymous
 * persona's name is made for it, so it chooses a capacity instead; a personal persona
 * says whether it looks after someone, a clinician one sets its boundaries.
 */
export function editFormOf(kind: OwnPersonaView["kind"]): FormSpec {
  const { displayName, carer, availability, capacity } = EDIT_FORM;
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
  const errors = problem?.fields ?? {};
  const clinician = persona.kind !== "personal";
  const title = `Change ${persona.displayName}`;
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={EDIT_LABELS} />
      <p class="breadcrumb">
        <a href={PERSONAS_PATH}>Back to your personas</a>
      </p>
      <h1>{title}</h1>
      <p>
        Others see: <PersonaBadge persona={persona} />
      </p>
      <form method="post" action={personaSettingsPath(persona.id)} noValidate>
        <CsrfField token={ctx.csrfToken} />
        {persona.kind === "anonymous_professional" ? (
          <>
            <p>This name was made at random, so that it cannot give you away. It cannot be changed.</p>
            <CapacityChoice value={values.capacity} error={errors.capacity} />
          </>
        ) : (
          <Field name="displayName" label={EDIT_LABELS.displayName} hint="Up to 60 characters." value={values.displayName} error={errors.displayName} maxLength={LIMITS.displayName} autocomplete="off" />
        )}
        {persona.kind === "personal" ? (
          <Checkbox
            name="carer"
            label={EDIT_LABELS.carer}
            hint="Posts by this persona will say that you look after someone, and you can read spaces kept for carers."
            checked={values.carer}
            error={errors.carer}
          />
        ) : null}
        {clinician ? (
          <>
            <h2>Boundaries</h2>
            <p>These belong to this persona alone and are shown on its page. Your other personas keep their own.</p>
            {/* "Patients can message you" waits until Hearth has messages (issue 8): offering it before would promise what is not built. */}
            <Field
              name="availability"
              label={EDIT_LABELS.availability}
              hint="For example “Answers on Tuesdays”. Up to 200 characters. Word it differently on your other clinician persona, so nobody can match the two."
              value={values.availability}
              error={errors.availability}
              maxLength={LIMITS.availability}
              multiline
              rows={2}
            />
          </>
        ) : null}
        <button type="submit">Save changes</button>
      </form>
    </Layout>
  );
}
