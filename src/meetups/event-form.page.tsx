/** The organiser's form for a new event or an edit: what, when (with its time zone), how, where, places, accessibility. */
import type { PageContext } from "../web/layout.tsx";
import { Layout } from "../web/layout.tsx";
import { CsrfField, Field } from "../web/components.tsx";
import { FormErrorSummary, formTitle, RadioGroup } from "../web/form-controls.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { labelsOf } from "../web/schema-form.ts";
import { Breadcrumb } from "../discussion/discussion.components.tsx";
import { LIMITS } from "../shared/limits.ts";
import { ACCESSIBILITY_LABELS, eventForm, type EventDraft } from "./event-forms.tsx";
import { ACCESSIBILITY_KEYS } from "./meetups.schemas.ts";
import { eventTrail } from "./event.page.tsx";

export type EventFormTarget = { kind: "new"; community: { slug: string; name: string } } | { kind: "edit"; community: { slug: string; name: string }; eventId: string; title: string };

export function EventFormPage({ ctx, target, draft, problem }: { ctx: PageContext; target: EventFormTarget; draft: EventDraft; problem?: FormProblem }) {
  const { t } = ctx;
  const error = (name: string) => problem?.fields?.[name] ?? problem?.fields?.[`accessibility.${name}`];
  const heading = target.kind === "new" ? t.text("events.newHeading", { community: target.community.name }) : t.text("events.editHeading", { title: target.title });
  const action = target.kind === "new" ? `/c/${target.community.slug}/events` : `/events/${target.eventId}/edit`;
  const value = (name: string) => draft[name] ?? "";
  const yesNo = (key: (typeof ACCESSIBILITY_KEYS)[number]) => (
    <RadioGroup
      name={key}
      legend={t.text(ACCESSIBILITY_LABELS[key])}
      error={error(key)}
      value={value(key)}
      options={[
        { value: "yes", label: t.text("events.a11y.yes") },
        { value: "no", label: t.text("events.a11y.no") },
        { value: "", label: t.text("events.a11y.unknown") },
      ]}
    />
  );
  return (
    <Layout ctx={ctx} title={formTitle(heading, problem)} community={target.community}>
      <FormErrorSummary problem={problem} labels={labelsOf(eventForm(t))} />
      <Breadcrumb items={eventTrail(target, t)} />
      <h1>{heading}</h1>
      <form method="post" action={action} class="composer event-form" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Field name="title" label={t.text("events.field.title")} value={value("title")} error={error("title")} maxLength={LIMITS.eventTitle} required />
        <Field name="description" multiline rows={6} label={t.text("events.field.description")} hint={t.text("events.field.descriptionHint")} value={value("description")} error={error("description")} maxLength={LIMITS.eventDescription} />
        <Field name="startsAt" type="datetime-local" label={t.text("events.field.startsAt")} value={value("startsAt")} error={error("startsAt")} required />
        <Field name="endsAt" type="datetime-local" label={t.text("events.field.endsAt")} value={value("endsAt")} error={error("endsAt")} required />
        <Field name="timeZone" label={t.text("events.field.timeZone")} hint={t.text("events.field.timeZoneHint")} value={value("timeZone")} error={error("timeZone")} maxLength={64} />
        <RadioGroup
          name="mode"
          legend={t.text("events.field.mode")}
          error={error("mode")}
          value={value("mode")}
          options={[
            { value: "in_person", label: t.text("events.mode.inPerson") },
            { value: "online", label: t.text("events.mode.online") },
            { value: "hybrid", label: t.text("events.mode.hybrid") },
          ]}
        />
        <Field name="location" label={t.text("events.field.location")} hint={t.text("events.field.locationHint")} value={value("location")} error={error("location")} maxLength={LIMITS.eventLocation} />
        <Field name="directions" label={t.text("events.field.directions")} value={value("directions")} error={error("directions")} maxLength={LIMITS.eventDirections} />
        <Field name="onlineUrl" type="url" label={t.text("events.field.onlineUrl")} hint={t.text("events.field.onlineUrlHint")} value={value("onlineUrl")} error={error("onlineUrl")} maxLength={LIMITS.eventUrl} />
        <Field
          name="capacity"
          type="number"
          label={t.text("events.field.capacity")}
          hint={t.text("events.field.capacityHint")}
          value={value("capacity")}
          error={error("capacity")}
        />
        <fieldset class="field event-accessibility-fields">
          <legend>{t.text("events.accessibilityHeading")}</legend>
          <p class="hint">{t.text("events.accessibilityHint")}</p>
          {ACCESSIBILITY_KEYS.map(yesNo)}
          <Field name="notes" label={t.text("events.field.notes")} value={value("notes")} error={error("notes")} maxLength={LIMITS.eventNotes} />
        </fieldset>
        <p class="actions">
          <button type="submit">{t.text(target.kind === "new" ? "events.create" : "events.saveChanges")}</button>
          <a href={target.kind === "new" ? `/c/${target.community.slug}/events` : `/events/${target.eventId}`}>{t.text("discussion.cancelKeep")}</a>
        </p>
      </form>
      {target.kind === "edit" ? (
        <form method="post" action={`/events/${target.eventId}/cancel`} class="danger-zone">
          <CsrfField token={ctx.csrfToken} />
          <h2>{t.text("events.cancelHeading")}</h2>
          <p>{t.text("events.cancelLead")}</p>
          <button type="submit" class="danger">
            {t.text("events.cancelButton")}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
