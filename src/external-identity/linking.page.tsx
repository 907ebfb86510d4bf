/**
 * The pages of external profile linking: what to do when no account is linked yet,
 * choosing field by field what to show (nothing ticked to start with), the list of
 * linked accounts, and a problem on the way back from the provider.
 */
import { CsrfField, Field, FieldError, Notice } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { Checkbox, FormErrorSummary, Select, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import type { LinkedAccountView } from "./external-identity.presenter.ts";
import type { PendingLinkView } from "./external-identity.service.ts";

/** Links to other sites that members put there: no ranking credit, no access to this page. */
export const MEMBER_LINK_REL = "nofollow ugc noopener";

const FIELD_LABELS = { name: "Name", picture: "Picture", profile_link: "Profile link" } as const;
type FieldName = keyof typeof FIELD_LABELS;
const FIELDS = Object.keys(FIELD_LABELS) as FieldName[];

import { dayWords as longDate } from "../shared/dates.ts";
import { LIMITS } from "../shared/limits.ts";

export type NoAccountValues = { username: string; newUsername: string };

export function NoAccountPage(props: { ctx: PageContext; providerName: string; values: NoAccountValues; problem?: FormProblem | null }) {
  const { ctx, providerName, values, problem } = props;
  const errors = problem?.fields ?? {};
  const title = `No Hearth account is linked to this ${providerName} account yet`;
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={{ username: "Username", password: "Password", new_username: "New username", new_password: "New password" }} />
      <p class="lead">
        You signed in with {providerName}, but it is not linked to a Hearth account. Choose what to do. Nothing has been saved yet, and nothing is taken from{" "}
        {providerName} unless you choose it on the next page.
      </p>
      <section aria-labelledby="existing-heading">
        <h2 id="existing-heading">I already have a Hearth account</h2>
        <form method="post" action="/auth/oidc/new/existing" class="form" noValidate>
          <CsrfField token={ctx.csrfToken} />
          <Field name="username" label="Username" value={values.username} error={errors.username} autocomplete="username" maxLength={LIMITS.username} />
          <Field name="password" label="Password" type="password" error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
          <button type="submit">Sign in and link</button>
        </form>
      </section>
      <section aria-labelledby="new-heading">
        <h2 id="new-heading">Make a new Hearth account</h2>
        <form method="post" action="/auth/oidc/new/account" class="form" noValidate>
          <CsrfField token={ctx.csrfToken} />
          <Field
            name="new_username"
            label="New username"
            hint={`Choose any name: others see it beside what you write. It does not come from ${providerName}. Use 3 to 30 letters, numbers or underscores.`}
            value={values.newUsername}
            error={errors.new_username}
            autocomplete="username"
            maxLength={LIMITS.username}
          />
          <Field
            name="new_password"
            label="New password"
            type="password"
            hint={`At least 10 characters. You can sign in with it if ${providerName} is ever unavailable.`}
            error={errors.new_password}
            autocomplete="new-password"
            maxLength={LIMITS.password}
          />
          <button type="submit">Create my account and link</button>
        </form>
      </section>
      <p>
        <a href="/">Do neither and go to the start</a>
      </p>
    </Layout>
  );
}

export type ChoiceValues = Record<FieldName, { ticked: boolean; personaId: string }>;

function claimText(field: FieldName, pending: PendingLinkView) {
  const { claims, providerName } = pending;
  if (field === "name") return claims.name ? <>Your name at {providerName}: <strong>{claims.name}</strong></> : null;
  if (field === "picture") {
    // The picture itself is not shown here: showing it would make this browser ask another site for it.
    return claims.picture ? <>Your picture at {providerName}, from {new URL(claims.picture).host}. Hearth keeps its own copy.</> : null;
  }
  return claims.profileLink ? (
    <>
      Your profile page:{" "}
      <a href={claims.profileLink} rel={MEMBER_LINK_REL}>
        {claims.profileLink}
      </a>
    </>
  ) : null;
}

export function ChooseFieldsPage(props: { ctx: PageContext; pending: PendingLinkView; values: ChoiceValues; problem?: FormProblem | null }) {
  const { ctx, pending, values, problem } = props;
  const errors = problem?.fields ?? {};
  const title = `Choose what to show from ${pending.providerName}`;
  const options = pending.personas.map((p) => ({ value: p.id, label: `${p.displayName} (${p.capacityLabel})` }));
  const offered = FIELDS.filter((field) => claimText(field, pending) !== null);
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={{ ...FIELD_LABELS, name_persona: "Persona for the name", picture_persona: "Persona for the picture", profile_link_persona: "Persona for the profile link" }} />
      <p class="lead">
        Linking lets you sign in with {pending.providerName}. Nothing else is copied unless you tick it, and each detail you tick is shown only on the
        persona you choose. You can unlink at any time, and what was copied goes with it.
      </p>
      <p class="hint">Anonymous clinician personas are not offered: a name or picture from a named account could give you away.</p>
      <form method="post" action="/auth/oidc/link" class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        {offered.length === 0 ? <p>{pending.providerName} shared no name, picture or profile link, so only the sign-in will be linked.</p> : null}
        {offered.map((field) => (
          <fieldset class="field">
            <legend>{FIELD_LABELS[field]}</legend>
            <p>{claimText(field, pending)}</p>
            <Checkbox name={field} label={`Show this ${FIELD_LABELS[field].toLowerCase()} on one of my personas`} checked={values[field].ticked} error={errors[field]} />
            <FieldError id={`field-${field}_persona`} error={errors[`${field}_persona`]} />
            <Select id={`field-${field}_persona`} name={`${field}_persona`} label="Which persona shows it" value={values[field].personaId || (options[0]?.value ?? "")} options={options} />
          </fieldset>
        ))}
        <button type="submit">Link my {pending.providerName} account</button>
      </form>
      <p>
        <a href="/settings/linked-accounts">Cancel and link nothing</a>
      </p>
    </Layout>
  );
}

const FIELD_WORDS: Record<string, string> = { name: "Name", picture: "Picture", profile_link: "Profile link" };

export function LinkedAccountsPage(props: { ctx: PageContext; providerName: string | null; items: LinkedAccountView[]; notice?: string | null }) {
  const { ctx, providerName, items, notice } = props;
  const personaName = (id: string) => ctx.viewer.kind === "account" ? (ctx.viewer.personas.find((p) => p.id === id)?.displayName ?? "a persona") : "a persona";
  return (
    <Layout ctx={ctx} title="Linked accounts">
      <h1>Linked accounts</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <p class="lead">
        {providerName
          ? `Link a ${providerName} account to sign in with it as well as your password. Nothing is copied from it unless you choose.`
          : "Accounts you linked elsewhere. Signing in with another provider is not turned on on this server."}
      </p>
      {items.length === 0 ? (
        <p>No accounts are linked.</p>
      ) : (
        <ul class="card-list">
          {items.map((item) => (
            <li class="card">
              <h2>{item.providerName}</h2>
              <p>
                Linked on <time dateTime={item.linkedAt}>{longDate(item.linkedAt)}</time>.
              </p>
              {item.fields.length === 0 ? (
                <p>Only the sign-in is linked. Nothing is shown on your personas.</p>
              ) : (
                <ul>
                  {item.fields.map((f) => (
                    <li>
                      {FIELD_WORDS[f.field]} shown on {personaName(f.personaId)}
                      {f.field === "profile_link" ? (
                        <>
                          :{" "}
                          <a href={f.value} rel={MEMBER_LINK_REL}>
                            {f.value}
                          </a>
                        </>
                      ) : f.field === "name" ? (
                        <>: {f.value}</>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
              <form method="post" action={`/settings/linked-accounts/${encodeURIComponent(item.id)}/unlink`} class="form-row">
                <CsrfField token={ctx.csrfToken} />
                <button type="submit" class="secondary">
                  Unlink<span class="visually-hidden"> {item.providerName} account linked on {longDate(item.linkedAt)}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {providerName ? (
        <p>
          <a class="button" href="/auth/oidc/start?intent=link">
            Link a {providerName} account
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** A problem on the way back from the provider: what happened, and where to start again. */
export function SignInProblemPage(props: { ctx: PageContext; message: string; again: { href: string; label: string } }) {
  return (
    <Layout ctx={props.ctx} title="We could not finish signing in">
      <h1>We could not finish signing in</h1>
      <p>{props.message}</p>
      <p>
        <a class="button" href={props.again.href}>
          {props.again.label}
        </a>
      </p>
    </Layout>
  );
}
