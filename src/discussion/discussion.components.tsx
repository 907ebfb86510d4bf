/** Pieces shared by the discussion pages: breadcrumbs, the persona picker, form input and prompts to join. */
import type { ComponentChildren } from "preact";
import { presentPersona } from "../personas/persona.presenter.ts";
import { attempt, CHECK_ANSWERS, problemFrom, type FormProblem } from "../web/form-body.ts";
import { schemaProblem, type FormSpec } from "../web/schema-form.ts";
import { isSignedIn, type Viewer, type ViewerPersona } from "../shared/viewer.ts";
import { FieldError, FieldHint, PersonaBadge } from "../web/components.tsx";
import type { SpaceVisibility } from "../db/schema.ts";
import { english, type Translator } from "../shared/i18n/translator.ts";
import { useT } from "../web/i18n.ts";

// The page size is the service's: it says on which page a new reply lands.
export { THREAD_PAGE_SIZE } from "../shared/limits.ts";

/** The hint under every box that takes Markdown, in the reader's language. */
export const markdownHint = (t: Translator) => t.text("discussion.markdownHint");

/**
 * One text value from a query string. A parameter sent twice arrives as an array and
 * a missing one as undefined; neither should ever become a 500.
 */
export function queryText(source: unknown, name: string): string {
  if (!source || typeof source !== "object") return "";
  const value = (source as Record<string, unknown>)[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === "string" ? one : "";
}

export type { FormProblem };

const titleField = (t: Translator) => ({ label: t.text("discussion.title"), required: t.text("discussion.titleRequired") });
const bodyField = (t: Translator, label: string) => ({ label, required: t.text("discussion.writeSomething") });
const writeAs = (t: Translator) => ({ label: t.text("discussion.writeAs") });
const language = (t: Translator) => ({ label: t.text("discussion.language") });

/** The forms of the discussion pages, in the pages' order, on the API's bodies (discussion.schemas.ts; ADR 28), in the reader's language. */
export const threadForm = (t: Translator) =>
  ({ title: titleField(t), body: bodyField(t, t.text("discussion.yourMessage")), personaId: writeAs(t), language: language(t) }) satisfies FormSpec;
export const replyForm = (t: Translator) => ({ body: bodyField(t, t.text("discussion.yourReply")), personaId: writeAs(t), language: language(t) }) satisfies FormSpec;
export const editForm = (t: Translator) => ({ body: bodyField(t, t.text("discussion.yourMessage")), language: language(t) }) satisfies FormSpec;
export const titleForm = (t: Translator) => ({ title: titleField(t) }) satisfies FormSpec;

/** A form that could not go through: what to show at the top and by each field, and the status to send. */
export type FormFailure = { ok: false; problem: FormProblem; status: number };

/**
 * Runs a form's service call once the form has read cleanly. A problem a person can
 * fix comes back as a FormFailure to show the form again with; a 404 and anything
 * that is our fault propagate to the error page. `unsaved` reassures that nothing
 * typed is lost, in place of the generic summary sentence. `t` is the reader's translator.
 */
type Submit = <T>(read: { fields: Record<string, string> }, unsaved: string, run: () => Promise<T>, t?: Translator) => Promise<{ ok: true; value: T } | FormFailure>;
export const submit: Submit = async (read, unsaved, run, t = english()) => {
  const early = schemaProblem(read);
  if (early) return { ok: false, problem: { ...early, message: unsaved }, status: 400 };
  const result = await attempt(run);
  if (result.ok) return result;
  const problem = problemFrom(result.error, undefined, t);
  return { ok: false, problem: problem.fields && problem.message === CHECK_ANSWERS ? { ...problem, message: unsaved } : problem, status: result.error.status };
};

/** The error for one field, if the problem names it. */
export const fieldError = (problem: FormProblem | undefined, name: string) => problem?.fields?.[name];

export type Crumb = { href: string; label: string };

export function Breadcrumb({ items }: { items: Crumb[] }) {
  return (
    <nav class="breadcrumb" aria-label={useT().text("discussion.breadcrumb")}>
      <ol>
        {items.map((item) => (
          <li>
            <a href={item.href}>{item.label}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The personas the viewer may write as: clinician personas only while the verification is current. */
export function writablePersonas(viewer: Viewer): ViewerPersona[] {
  if (!isSignedIn(viewer)) return [];
  return viewer.personas.filter((p) => p.kind === "personal" || viewer.isVerifiedClinician);
}

/**
 * The persona chosen before the person picks: the personal one, except in a clinicians'
 * space, where a clinician most likely speaks as their named professional self.
 */
export function defaultPersona(personas: ViewerPersona[], spaceVisibility?: SpaceVisibility): ViewerPersona | undefined {
  const professional = spaceVisibility === "clinicians" ? personas.find((p) => p.kind === "professional") : undefined;
  return professional ?? personas.find((p) => p.kind === "personal") ?? personas[0];
}

/** Lets a person choose who they speak as; shown only when there is a real choice. */
export function PersonaPicker({ viewer, selected, error, spaceVisibility }: { viewer: Viewer; selected?: string; error?: string; spaceVisibility?: SpaceVisibility }) {
  const t = useT();
  const personas = writablePersonas(viewer);
  if (personas.length < 2) return null;
  const chosen = personas.some((p) => p.id === selected) ? selected : defaultPersona(personas, spaceVisibility)!.id;
  return (
    <fieldset class={`field persona-picker${error ? " field-error" : ""}`} aria-describedby={error ? "field-personaId-hint field-personaId-error" : "field-personaId-hint"}>
      <legend>{t.text("discussion.writeAs")}</legend>
      <FieldHint id="field-personaId" hint={t.text("discussion.writeAsHint")} />
      <FieldError id="field-personaId" error={error} />
      {personas.map((p, i) => (
        <label class="check">
          <input type="radio" name="personaId" value={p.id} checked={p.id === chosen} id={i === 0 ? "field-personaId" : undefined} />
          <PersonaBadge
            persona={presentPersona({ id: p.id, kind: p.kind, display_name: p.displayName, is_carer: p.isCarer, specialty: p.specialty, capacity: p.capacity ?? null, verified_until: p.verifiedUntil, verified_from: p.verifiedFrom ?? null })}
          />
        </label>
      ))}
    </fieldset>
  );
}

/**
 * For someone who may write as a carer (issue 11): a word, by the form, about writing about
 * the person they look after without identifying them. Shown whenever one of the personas
 * they may write as says "I look after someone", whichever is chosen: the form cannot know
 * which they will pick without JavaScript.
 */
export function CarerPrompt({ viewer }: { viewer: Viewer }) {
  const t = useT();
  if (!writablePersonas(viewer).some((p) => p.isCarer)) return null;
  return (
    <div class="carer-prompt" role="note">
      <p>
        <strong>{t.text("discussion.carerPromptTitle")}</strong> {t.text("discussion.carerPrompt")}
      </p>
    </div>
  );
}

/** For guests: where to sign in or make an account, coming back here afterwards; `doing` is what signing in lets them do. */
export function SignInPrompt({ path, doing }: { path: string; doing: "write" | "reply" }) {
  const t = useT();
  const next = encodeURIComponent(path);
  return (
    <div class="join-prompt">
      <p>{t.text("discussion.signInOrJoin", { doing })}</p>
      <p class="actions">
        <a class="button" href={`/signin?next=${next}`}>
          {t.text("discussion.signInTo", { doing })}
        </a>
        <a class="button secondary" href={`/signup?next=${next}`}>
          {t.text("discussion.createAccount")}
        </a>
      </p>
    </div>
  );
}

export function Section({ title, id, children }: { title: string; id?: string; children: ComponentChildren }) {
  const headingId = `${id ?? "section"}-title`;
  return (
    <section id={id} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
