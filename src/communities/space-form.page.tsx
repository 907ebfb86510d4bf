/** The form that adds a space to a community. */
import { CsrfField, Field } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import type { AppError } from "../shared/errors.ts";
import { labelsOf, readSchemaForm, schemaProblem, serviceProblem, type FormSpec } from "../web/schema-form.ts";
import { SpaceBody, SpaceEditBody } from "./communities.schemas.ts";
import { LIMITS } from "../shared/limits.ts";
import { FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { readableByAnyone, type CommunityView } from "./communities.presenter.ts";
import { audienceMessage } from "../shared/audience.ts";
import type { SpaceVisibility } from "../db/schema.ts";
import type { SpaceInput } from "./communities.service.ts";
import { isClinicianNetwork } from "./clinician-network.parts.tsx";
import { english, type Translator } from "../shared/i18n/translator.ts";

export type SpaceFormValues = { slug: string; name: string; description: string; visibility: string; pairedCommunity: string };

export const EMPTY_SPACE_FORM: SpaceFormValues = { slug: "", name: "", description: "", visibility: "members", pairedCommunity: "" };

/** The space form, in the page's order, on the API's SpaceBody (ADR 28), in the reader's language. */
const spaceForm = (t: Translator) =>
  ({
    name: { label: t.text("charter.name"), required: t.text("spaceForm.nameRequired") },
    slug: { label: t.text("charter.slug"), required: t.text("spaceForm.slugRequired") },
    description: { label: t.text("spaceForm.description") },
    visibility: { label: t.text("spaceForm.visibility"), required: t.text("spaceForm.chooseVisibility"), choose: t.text("spaceForm.chooseVisibility") },
    pairedCommunity: { label: t.text("spaceForm.pairedCommunity") },
  }) satisfies FormSpec;
const labelsIn = (t: Translator) => labelsOf(spaceForm(t)) as Record<keyof ReturnType<typeof spaceForm>, string>;
const VISIBILITIES: SpaceVisibility[] = ["public", "members", "carers", "clinicians"];

/** Reads the space form; `input` is set when it holds no problem. */
export function readSpaceForm(body: unknown, t: Translator = english()): { values: SpaceFormValues; input: SpaceInput | null; problem: FormProblem | null } {
  const read = readSchemaForm(body, SpaceBody, spaceForm(t), {}, t);
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
const spaceEditForm = (t: Translator) => {
  const { name, description } = spaceForm(t);
  return { name, description: { ...description, whenEmpty: "keep" } } satisfies FormSpec;
};

/** Reads the space settings form; `input` is set when it holds no problem. */
export function readSpaceEditForm(body: unknown, t: Translator = english()): { values: SpaceEditValues; input: { name: string; description: string } | null; problem: FormProblem | null } {
  const read = readSchemaForm(body, SpaceEditBody, spaceEditForm(t), {}, t);
  const problem = schemaProblem(read);
  if (problem || !read.input) return { values: read.values, input: null, problem };
  return { values: read.values, input: { name: read.input.name, description: read.input.description ?? "" }, problem: null };
}

/** A service's refusal of a space, on the form's fields. */
export const spaceProblem = (error: AppError, t: Translator = english()) => serviceProblem(spaceForm(t), error, {}, t);

export function SpaceFormPage({ ctx, community, values, problem }: { ctx: PageContext; community: CommunityView; values: SpaceFormValues; problem?: FormProblem | null }) {
  const { t } = ctx;
  const LABELS = labelsIn(t);
  const errors = problem?.fields ?? {};
  const title = t.text("spaceForm.addTitle", { community: community.name });
  // Every space of the clinicians' network is for verified clinicians; some support a patient community.
  const network = isClinicianNetwork(community);
  const audienceIn = (visibility: SpaceVisibility) =>
    t.say(audienceMessage({ community: community.name, visibility, readableByAnyone: readableByAnyone(community, { visibility }) }));
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)} community={community}>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p class="breadcrumb">
        <a href={`/c/${community.slug}`}>{t.text("community.backTo", { community: community.name })}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t.text("spaceForm.lead")}</p>
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
          hint={t.text("spaceForm.slugHint", { base: `/c/${community.slug}` })}
        />
        <Field name="description" label={LABELS.description} value={values.description} error={errors.description} multiline rows={3} maxLength={LIMITS.spaceDescription} />
        <RadioGroup
          name="visibility"
          legend={LABELS.visibility}
          hint={t.text("spaceForm.visibilityHint")}
          value={network ? "clinicians" : values.visibility}
          error={errors.visibility}
          options={VISIBILITIES.filter((v) => !network || v === "clinicians").map((v) => ({
            value: v,
            label: t.text("spaceForm.audience", { visibility: v }),
            // The presenter's `can` says which audiences the viewer is part of: warn before they make a space they cannot open.
            hint: community.can && !community.can.readSpaceFor[v]
              ? `${audienceIn(v)} ${t.text("spaceForm.notOneOfThem")}`
              : audienceIn(v),
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
            hint={t.text("spaceForm.pairedHint")}
          />
        ) : null}
        <button type="submit">{t.text("spaceForm.addButton")}</button>
      </form>
    </Layout>
  );
}

export type SpaceEditValues = { name: string; description: string };

/** Renaming a space (or changing what it is for): also for those who run the community but cannot read it. */
export function SpaceSettingsPage(props: {
  ctx: PageContext;
  community: CommunityView;
  space: { slug: string; name: string; visibility: SpaceVisibility };
  values: SpaceEditValues;
  problem?: FormProblem | null;
}) {
  const { ctx, community, space, values, problem } = props;
  const { t } = ctx;
  const LABELS = labelsIn(t);
  const errors = problem?.fields ?? {};
  const title = t.text("spaceForm.renameTitle", { space: space.name });
  return (
    <Layout ctx={ctx} title={formTitle(`${title} · ${community.name}`, problem)} community={community}>
      <p class="breadcrumb">
        <a href={`/c/${community.slug}`}>{t.text("community.backTo", { community: community.name })}</a>
      </p>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={LABELS} />
      <p>
        <strong>{t.text("spaceForm.whoCanReadIt")}</strong>{" "}
        {t.say(audienceMessage({ community: community.name, visibility: space.visibility, readableByAnyone: readableByAnyone(community, space) }))}{" "}
        {t.text("spaceForm.addressStays", { address: `/c/${community.slug}/s/${space.slug}` })}
      </p>
      <form method="post" action={`/c/${community.slug}/spaces/${space.slug}/settings`} noValidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="name" label={LABELS.name} value={values.name} error={errors.name} maxLength={LIMITS.spaceName} />
        <Field name="description" label={LABELS.description} value={values.description} error={errors.description} multiline rows={3} maxLength={LIMITS.spaceDescription} />
        <button type="submit">{t.text("spaceForm.save")}</button>
      </form>
    </Layout>
  );
}

export function DeleteSpacePage({ ctx, community, space }: { ctx: PageContext; community: CommunityView; space: { slug: string; name: string } }) {
  const { t } = ctx;
  const title = t.text("spaceForm.deleteTitle", { space: space.name });
  return (
    <Layout ctx={ctx} title={`${title} · ${community.name}`}>
      <p class="breadcrumb">
        <a href={`/c/${community.slug}`}>{t.text("community.backTo", { community: community.name })}</a>
      </p>
      <h1>{title}</h1>
      <p>{t.text("spaceForm.deleteExplain")}</p>
      <form method="post" action={`/c/${community.slug}/spaces/${space.slug}/delete`} class="actions">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="danger">
          {t.text("spaceForm.deleteButton")}
        </button>
        <a href={`/c/${community.slug}`}>{t.text("spaceForm.keepIt")}</a>
      </form>
    </Layout>
  );
}
