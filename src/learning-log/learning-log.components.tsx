/** The learning log's pages on screen: the list with its setting, an entry's form, a new entry's form. Forms post and redirect (ADR 28). */
import type { ComponentChildren } from "preact";
import type { Page } from "../shared/cursor.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { LEARNING_LOG_LIMITS } from "../shared/limits.ts";
import { CsrfField, Field, Notice } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { Checkbox, FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { useT } from "../web/i18n.ts";
import { DONE_KEYS, KIND_KEYS, SOURCE_KEYS } from "./learning-log-words.ts";
import { labelsOf, type FormSpec } from "../web/schema-form.ts";
import { hoursAndMinutes, type EntryView, type LogSettingsView } from "./learning-log.presenter.ts";

export const LOG_PATH = "/me/learning-log";
export const entryPath = (id: string) => `${LOG_PATH}/${encodeURIComponent(id)}`;

const reflectionSpec = (t: Translator, whenEmpty: "null" | "omit") =>
  ({
    whatHappened: { label: t.text("learningLog.whatHappened"), path: "reflection.whatHappened", whenEmpty },
    whatLearned: { label: t.text("learningLog.whatLearned"), path: "reflection.whatLearned", whenEmpty },
    whatNext: { label: t.text("learningLog.whatNext"), path: "reflection.whatNext", whenEmpty },
  }) satisfies FormSpec;

/** The entry form: an empty minutes field keeps the estimate; an empty heading clears it. */
export const entryForm = (t: Translator) => ({ minutes: { label: t.text("learningLog.minutes"), as: "number" as const }, ...reflectionSpec(t, "null") }) satisfies FormSpec;

export const newEntryForm = (t: Translator) =>
  ({
    title: { label: t.text("learningLog.title"), required: t.text("learningLog.enterTitle") },
    date: { label: t.text("learningLog.date") },
    minutes: { label: t.text("learningLog.minutes"), as: "number" as const, required: t.text("learningLog.enterMinutes") },
    ...reflectionSpec(t, "omit"),
  }) satisfies FormSpec;

export const settingsForm = (t: Translator) =>
  ({
    enabled: { label: t.text("learningLog.enabledLabel"), as: "checkbox" as const },
    printName: { label: t.text("learningLog.printName"), whenEmpty: "null" as const },
  }) satisfies FormSpec;

export type Draft = Record<string, string>;

/** "2 h 15 min", "45 min". */
export function duration(t: Translator, total: number): string {
  const { hours, minutes } = hoursAndMinutes(total);
  return hours > 0 ? t.text("learningLog.hoursMinutes", { hours: t.number(hours), minutes: t.number(minutes) }) : t.text("learningLog.minutesOnly", { minutes: t.number(minutes) });
}

export const entryTitle = (t: Translator, entry: EntryView) => entry.title || t.text("learningLog.untitled");
export const entryDate = (t: Translator, entry: EntryView) => t.date(new Date(entry.date), { dateStyle: "long", timeZone: "UTC" });

/** Where an entry came from, in words: the kind, the community, the thread while it exists (or that it is gone). */
export function EntrySource({ entry }: { entry: EntryView }) {
  const t = useT();
  const parts: ComponentChildren[] = [t.text(KIND_KEYS[entry.kind])];
  if (entry.community) parts.push(<span dir="auto">{entry.community.name}</span>);
  if (entry.link) parts.push(<a href={entry.link}>{t.text("learningLog.openThread")}</a>);
  else if (entry.kind !== "other") parts.push(t.text("learningLog.threadGone"));
  return <p class="learning-log-source">{parts.flatMap((part, i) => (i === 0 ? [part] : [" · ", part]))}</p>;
}

function SettingsForm({ ctx, settings, draft, problem }: { ctx: PageContext; settings: LogSettingsView; draft?: Draft | undefined; problem?: FormProblem | undefined }) {
  const { t } = ctx;
  return (
    <form method="post" action={`${LOG_PATH}/settings`} class="composer" novalidate>
      <h2>{t.text("learningLog.settingsHeading")}</h2>
      <CsrfField token={ctx.csrfToken} />
      <FormErrorSummary problem={problem} labels={labelsOf(settingsForm(t))} />
      <Checkbox name="enabled" label={t.text("learningLog.enabledLabel")} hint={t.text("learningLog.enabledHint")} checked={draft ? draft.enabled !== "" : settings.enabled} />
      <Field name="printName" label={t.text("learningLog.printName")} hint={t.text("learningLog.printNameHint")} value={draft?.printName ?? settings.printName ?? ""} error={problem?.fields?.printName} maxLength={LEARNING_LOG_LIMITS.printName} />
      <p class="actions">
        <button type="submit">{t.text("learningLog.saveSettings")}</button>
      </p>
    </form>
  );
}

export type LogPageProps = { ctx: PageContext; settings: LogSettingsView; page: Page<EntryView>; done?: string | undefined; draft?: Draft; problem?: FormProblem };

export function LogPage({ ctx, settings, page, done, draft, problem }: LogPageProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("learningLog.pageTitle"), problem)}>
      <h1>{t.text("learningLog.pageTitle")}</h1>
      <p class="lead">{t.text("learningLog.lead")}</p>
      <p>{t.text("learningLog.private")}</p>
      {done ? <Notice>{t.text(DONE_KEYS[done] ?? "learningLog.done.saved")}</Notice> : null}
      <p>
        <strong>{t.text(settings.enabled ? "learningLog.isOn" : "learningLog.isOff")}</strong>
      </p>
      <ul class="learning-log-links">
        <li>
          <a href={`${LOG_PATH}/new`}>{t.text("learningLog.addEntry")}</a>
        </li>
        <li>
          <a href={`${LOG_PATH}/print`}>{t.text("learningLog.printLink")}</a>
        </li>
        <li>
          <a href={`${LOG_PATH}/export.csv`} download="learning-log.csv">
            {t.text("learningLog.csvLink")}
          </a>
        </li>
      </ul>
      <h2>{t.text("learningLog.entriesHeading")}</h2>
      {page.items.length === 0 ? <p>{t.text(settings.enabled ? "learningLog.emptyOn" : "learningLog.emptyOff")}</p> : null}
      <ol class="learning-log-entries">
        {page.items.map((entry) => (
          <li class="learning-log-entry">
            <h3 dir="auto">
              <a href={entryPath(entry.id)}>{entryTitle(t, entry)}</a>
            </h3>
            <EntrySource entry={entry} />
            <p>
              {entryDate(t, entry)} · {duration(t, entry.minutes)} ({t.text(SOURCE_KEYS[entry.minutesSource])}) ·{" "}
              {t.text(entry.reflection.whatHappened || entry.reflection.whatLearned || entry.reflection.whatNext ? "learningLog.reflected" : "learningLog.notReflected")}
            </p>
          </li>
        ))}
      </ol>
      {page.nextCursor ? (
        <nav class="pagination" aria-label={t.text("learningLog.older")}>
          <a href={`${LOG_PATH}?cursor=${encodeURIComponent(page.nextCursor)}`}>{t.text("learningLog.older")}</a>
        </nav>
      ) : null}
      <SettingsForm ctx={ctx} settings={settings} draft={draft} problem={problem} />
    </Layout>
  );
}

function ReflectionFields({ t, draft, problem }: { t: Translator; draft: Draft; problem?: FormProblem | undefined }) {
  return (
    <fieldset>
      <legend>{t.text("learningLog.reflectionLegend")}</legend>
      <p class="hint">{t.text("learningLog.reflectionHint")}</p>
      {(["whatHappened", "whatLearned", "whatNext"] as const).map((name) => (
        <Field name={name} label={t.text(`learningLog.${name}`)} value={draft[name] ?? ""} error={problem?.fields?.[name]} maxLength={LEARNING_LOG_LIMITS.reflection} multiline rows={4} />
      ))}
    </fieldset>
  );
}

export type EntryPageProps = { ctx: PageContext; entry: EntryView; draft?: Draft; problem?: FormProblem; done?: string | undefined };

/** Draft values of an entry as it is: the minutes only when the owner said them (an empty field keeps an estimate). */
export const draftOf = (entry: EntryView): Draft => ({
  minutes: entry.minutesSource === "self_reported" ? String(entry.minutes) : "",
  whatHappened: entry.reflection.whatHappened ?? "",
  whatLearned: entry.reflection.whatLearned ?? "",
  whatNext: entry.reflection.whatNext ?? "",
});

export function EntryPage({ ctx, entry, draft = draftOf(entry), problem, done }: EntryPageProps) {
  const { t } = ctx;
  const minutesHint =
    entry.minutesSource === "estimated" ? t.text("learningLog.minutesHintEstimated", { minutes: t.number(entry.minutes) }) : t.text("learningLog.minutesHint", { max: t.number(LEARNING_LOG_LIMITS.maxMinutes) });
  return (
    <Layout ctx={ctx} title={formTitle(entryTitle(t, entry), problem)}>
      <p>
        <a href={LOG_PATH}>{t.text("learningLog.back")}</a>
      </p>
      <h1 dir="auto">{entryTitle(t, entry)}</h1>
      {done ? <Notice>{t.text(DONE_KEYS[done] ?? "learningLog.done.saved")}</Notice> : null}
      <EntrySource entry={entry} />
      <p>
        {entryDate(t, entry)} · {duration(t, entry.minutes)} ({t.text(SOURCE_KEYS[entry.minutesSource])})
      </p>
      <form method="post" action={entryPath(entry.id)} class="composer learning-log-form" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormErrorSummary problem={problem} labels={labelsOf(entryForm(t))} />
        <Field name="minutes" type="number" label={t.text("learningLog.minutes")} hint={minutesHint} value={draft.minutes ?? ""} error={problem?.fields?.minutes} />
        <ReflectionFields t={t} draft={draft} problem={problem} />
        <p class="actions">
          <button type="submit">{t.text("learningLog.save")}</button>
        </p>
      </form>
      <form method="post" action={`${entryPath(entry.id)}/delete`} class="inline-form">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="secondary">
          {t.text("learningLog.delete")}
        </button>
      </form>
    </Layout>
  );
}

export function NewEntryPage({ ctx, draft = {}, problem }: { ctx: PageContext; draft?: Draft; problem?: FormProblem }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={formTitle(t.text("learningLog.newTitle"), problem)}>
      <p>
        <a href={LOG_PATH}>{t.text("learningLog.back")}</a>
      </p>
      <h1>{t.text("learningLog.newTitle")}</h1>
      <p class="lead">{t.text("learningLog.newLead")}</p>
      <form method="post" action={LOG_PATH} class="composer learning-log-form" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormErrorSummary problem={problem} labels={labelsOf(newEntryForm(t))} />
        <Field name="title" label={t.text("learningLog.title")} hint={t.text("learningLog.titleHint")} value={draft.title ?? ""} error={problem?.fields?.title} maxLength={LEARNING_LOG_LIMITS.title} required />
        <Field name="date" type="date" label={t.text("learningLog.date")} hint={t.text("learningLog.dateHint")} value={draft.date ?? ""} error={problem?.fields?.date} />
        <Field name="minutes" type="number" label={t.text("learningLog.minutes")} hint={t.text("learningLog.minutesHint", { max: t.number(LEARNING_LOG_LIMITS.maxMinutes) })} value={draft.minutes ?? ""} error={problem?.fields?.minutes} required />
        <ReflectionFields t={t} draft={draft} problem={problem} />
        <p class="actions">
          <button type="submit">{t.text("learningLog.add")}</button>
        </p>
      </form>
    </Layout>
  );
}
