/** The form that adds a space to a community. */
import type { SpaceVisibility } from "../db/schema.ts";
import { CsrfField, Field } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import type { AppError } from "../shared/errors.ts";
import { labelsOf, readSchemaForm, schemaProblem, serviceProblem, type FormSpec } from "../web/schema-form.ts";
import { SpaceBody, SpaceEditBody } from "./communities.schemas.ts";
import { LIMITS } from "../shared/limits.ts";
import { FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { audienceOf, type CommunityView } from "./communities.presenter.ts";
import type { SpaceInput } from "./communities.service.ts";
import { isClinicianNetwork } from "./clinician-network.parts.tsx";

export type SpaceFormValues = { slug: string; name: string; description: string; visibility: string; pairedCommunity: string };

export const EMPTY_SPACE_FORM: SpaceFormValues = { slug: "", name: "", description: "", visibility: "members", pairedCommunity: "" };

/** The space form, in the page's order, on the API's SpaceBody (ADR 28). */
const SPACE_FORM = {
  name: { label: "Name", required: "Give the space a name." },
  slug: { label: "Web address", required: "Choose a web address for the space." },
  description: { label: "What it is for (optional)" },
  visibility: { label: "Who can read it", required: "Choose who can read the space.", choose: "Choose who can read the space." },
  pairedCommunity: { label: "The patient community it supports (optional)" },
} satisfies FormSpec;
const LABELS = labelsOf(SPACE_FORM) as Record<keyof typeof SPACE_FORM, string>;
const VISIBILITIES: { value: SpaceVisibility; label: string }[] = [
  { value: "public", label: "Everyone who can read the community" },
  { value: "members", label: "Members" },
  { value: "carers", label: "Members who look after someone" },
  { value: "clinicians", label: "Verified clinicians" },
];

/** Reads the space form; `input` is set when it holds no problem. */
export function readSpaceForm(body: unknown): { values: SpaceFormValues; input: SpaceInput | null; problem: FormProblem | null } {
  const read = readSchemaForm(body, SpaceBody, SPACE_FORM);
  const problem = schemaProblem(read);
  if (problem || !read.input) return { values: read.values, input: null, problem };
  const { input } = read;
  return {
    values: read.values,
    problem: null,
    input: {
      slug: input.slug.trim(),
      name: input.name.trim(),
      description: (input.description ?? "").trim(),
      visibility: input.visibility,
      ...(input.pairedCommunity?.trim() ? { pairedCommunity: input.pairedCommunity.trim() } : {}),
    },
  };
}

/** The space settings form (name and description) on SpaceEditBody: an empty description is sent, to clear it. */
const SPACE_EDIT_FORM = { name: SPACE_FORM.name, description: { ...SPACE_FORM.description, whenEmpty: "keep" } } satisfies FormSpec;

/** Reads the space settings form; `input` is set when it holds no problem. */
export function readSpaceEditForm(body: unknown): { values: SpaceEditValues; input: { name: string; description: string } | null; problem: FormProblem | null } {
  const read = readSchemaForm(body, SpaceEditBody, SPACE_EDIT_FORM);
  const problem = schemaProblem(read);
  if (problem || !read.input) return { values: read.values, input: null, problem };
  return { values: read.values, input: { name: read.input.name, description: read.input.description ?? "" }, problem: null };
}

/** A service's refusal of a space, on the form's fields. */
export const spaceProblem = (error: AppError) => serviceProblem(SPACE_FORM, error);

export function SpaceFormPage({ ctx, community, values, problem }: { ctx: PageContext; community: CommunityView; values: SpaceFormValues; problem?: FormProblem | null }) {
  const errors = problem?.fields ?? {};
  const title = `Add a space to ${community.name}`;
  // Every space of the clinicians' network is for verified clinicians; some support a patient community.
  const network = isClinicianNetwork(community);
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="breadcrumb">
        <a href={`/c/${community.slug}`}>Back to {community.name}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">A space is a room in the community for one kind of conversation, such as "Newly diagnosed" or "Carers' corner".</p>
      <form method="post" action={`/c/${community.slug}/spaces/new`} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="name" label={LABELS.name} value={values.name} error={errors.name} maxLength={LIMITS.spaceName} />
        <Field
          name="slug"
          label={LABELS.slug}
          value={values.slug}
          error={errors.slug}
          maxLength={LIMITS.slug}
          autocomplete="off"
          hint={`The space will live at /c/${community.slug}/s/your-choice. Use 3 to 40 lower-case letters, numbers and hyphens.`}
        />
        <Field name="description" label={LABELS.description} value={values.description} error={errors.description} multiline rows={3} maxLength={LIMITS.spaceDescription} />
        <RadioGroup
          name="visibility"
          legend={LABELS.visibility}
          hint="People see this above everything they write here, so they know who will read it."
          value={network ? "clinicians" : values.visibility}
          error={errors.visibility}
          options={VISIBILITIES.filter((v) => !network || v.value === "clinicians").map((v) => ({
            value: v.value,
            label: v.label,
            // The presenter's `can` says which audiences the viewer is part of: warn before they make a space they cannot open.
            hint: community.can && !community.can.readSpaceFor[v.value]
              ? `${audienceOf(community, { visibility: v.value })} You are not one of them: you will not be able to read this space, though you can rename or delete it.`
              : audienceOf(community, { visibility: v.value }),
          }))}
        />
        {network ? (
          <Field
            name="pairedCommunity"
            label={LABELS.pairedCommunity}
            value={values.pairedCommunity}
            error={errors.pairedCommunity}
            maxLength={100}
            autocomplete="off"
            hint="The web address of a patient community, such as living-with-copd. Its page will say that clinicians who support it talk here. Leave it empty for a space of your own."
          />
        ) : null}
        <button type="submit">Add the space</button>
      </form>
    </Layout>
  );
}

export type SpaceEditValues = { name: string; description: string };

/** Renaming a space (or changing what it is for): also for those who run the community but cannot read it. */
export function SpaceSettingsPage(props: {
  ctx: PageContext;
  community: CommunityView;
  space: { slug: string; name: string; audience: string };
  values: SpaceEditValues;
  problem?: FormProblem | null;
}) {
  const { ctx, community, space, values, problem } = props;
  const errors = problem?.fields ?? {};
  const title = `Rename ${space.name}`;
  return (
    <Layout ctx={ctx} title={formTitle(`${title} · ${community.name}`, problem)}>
      <p class="breadcrumb">
        <a href={`/c/${community.slug}`}>Back to {community.name}</a>
      </p>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p>
        <strong>Who can read it:</strong> {space.audience} Its web address stays /c/{community.slug}/s/{space.slug}.
      </p>
      <form method="post" action={`/c/${community.slug}/spaces/${space.slug}/settings`} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="name" label={LABELS.name} value={values.name} error={errors.name} maxLength={LIMITS.spaceName} />
        <Field name="description" label={LABELS.description} value={values.description} error={errors.description} multiline rows={3} maxLength={LIMITS.spaceDescription} />
        <button type="submit">Save</button>
      </form>
    </Layout>
  );
}

export function DeleteSpacePage({ ctx, community, space }: { ctx: PageContext; community: CommunityView; space: { slug: string; name: string } }) {
  const title = `Delete ${space.name}?`;
  return (
    <Layout ctx={ctx} title={`${title} · ${community.name}`}>
      <p class="breadcrumb">
        <a href={`/c/${community.slug}`}>Back to {community.name}</a>
      </p>
      <h1>{title}</h1>
      <p>Deleting the space deletes every thread and post in it, for everyone. This cannot be undone.</p>
      <form method="post" action={`/c/${community.slug}/spaces/${space.slug}/delete`} class="actions">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="danger">
          Delete the space and everything in it
        </button>
        <a href={`/c/${community.slug}`}>No, keep it</a>
      </form>
    </Layout>
  );
}
