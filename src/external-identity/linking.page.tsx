/**
 * The pages of external profile linking: what to do when no account is linked yet,
 * choosing field by field what to show (nothing ticked to start with), the list of
 * linked accounts, and a problem on the way back from the provider.
 */
import { CsrfField, Field, FieldError, Notice } from "../web/components.tsx";
import type { FormProblem } from "../web/form-body.ts";
import { Checkbox, FormErrorSummary, Select, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { capacityLabelIn } from "../personas/persona.presenter.ts";
import type { LinkedAccountView } from "./external-identity.presenter.ts";
import type { PendingLinkView } from "./external-identity.service.ts";

/** Links to other sites that members put there: no ranking credit, no access to this page. */
export const MEMBER_LINK_REL = "nofollow ugc noopener";

const FIELD_KEYS = { name: "linking.fieldName", picture: "linking.fieldPicture", profile_link: "linking.fieldProfileLink" } as const;
type FieldName = keyof typeof FIELD_KEYS;
const FIELDS = Object.keys(FIELD_KEYS) as FieldName[];

import { dayWords as longDate } from "../shared/dates.ts";
import { LIMITS } from "../shared/limits.ts";
import type { Translator } from "../shared/i18n/translator.ts";

export type NoAccountValues = { username: string; newUsername: string };

export function NoAccountPage(props: { ctx: PageContext; providerName: string; values: NoAccountValues; problem?: FormProblem | null }) {
  const { ctx, providerName, values, problem } = props;
  const { t } = ctx;
  const errors = problem?.fields ?? {};
  const provider = { provider: providerName };
  const title = t.text("linking.noAccountTitle", provider);
  const labels = {
    username: t.text("accounts.username"),
    password: t.text("accounts.password"),
    new_username: t.text("linking.newUsername"),
    new_password: t.text("reset.newPasswordLabel"),
  };
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={labels} />
      <p class="lead">{t.text("linking.noAccountLead", provider)}</p>
      <section aria-labelledby="existing-heading">
        <h2 id="existing-heading">{t.text("linking.existingHeading")}</h2>
        <form method="post" action="/auth/oidc/new/existing" class="form" noValidate>
          <CsrfField token={ctx.csrfToken} />
          <Field name="username" label={labels.username} value={values.username} error={errors.username} autocomplete="username" maxLength={LIMITS.username} />
          <Field name="password" label={labels.password} type="password" error={errors.password} autocomplete="current-password" maxLength={LIMITS.password} />
          <button type="submit">{t.text("linking.signInAndLink")}</button>
        </form>
      </section>
      <section aria-labelledby="new-heading">
        <h2 id="new-heading">{t.text("linking.newHeading")}</h2>
        <form method="post" action="/auth/oidc/new/account" class="form" noValidate>
          <CsrfField token={ctx.csrfToken} />
          <Field
            name="new_username"
            label={labels.new_username}
            hint={t.text("linking.newUsernameHint", provider)}
            value={values.newUsername}
            error={errors.new_username}
            autocomplete="username"
            maxLength={LIMITS.username}
          />
          <Field
            name="new_password"
            label={labels.new_password}
            type="password"
            hint={t.text("linking.newPasswordHint", provider)}
            error={errors.new_password}
            autocomplete="new-password"
            maxLength={LIMITS.password}
          />
          <button type="submit">{t.text("linking.createAndLink")}</button>
        </form>
      </section>
      <p>
        <a href="/">{t.text("linking.doNeither")}</a>
      </p>
    </Layout>
  );
}

export type ChoiceValues = Record<FieldName, { ticked: boolean; personaId: string }>;

function claimText(t: Translator, field: FieldName, pending: PendingLinkView) {
  const { claims, providerName } = pending;
  if (field === "name") {
    return claims.name ? (
      <>
        {t.text("linking.claimName", { provider: providerName })} <strong>{claims.name}</strong>
      </>
    ) : null;
  }
  if (field === "picture") {
    // The picture itself is not shown here: showing it would make this browser ask another site for it.
    return claims.picture ? <>{t.text("linking.claimPicture", { provider: providerName, host: new URL(claims.picture).host })}</> : null;
  }
  return claims.profileLink ? (
    <>
      {t.text("linking.claimProfile")}{" "}
      <a href={claims.profileLink} rel={MEMBER_LINK_REL}>
        {claims.profileLink}
      </a>
    </>
  ) : null;
}

export function ChooseFieldsPage(props: { ctx: PageContext; pending: PendingLinkView; values: ChoiceValues; problem?: FormProblem | null }) {
  const { ctx, pending, values, problem } = props;
  const { t } = ctx;
  const errors = problem?.fields ?? {};
  const provider = { provider: pending.providerName };
  const title = t.text("linking.chooseTitle", provider);
  const options = pending.personas.map((p) => ({ value: p.id, label: t.text("linking.personaOption", { name: p.displayName, capacity: capacityLabelIn(p, t) }) }));
  const offered = FIELDS.filter((field) => claimText(t, field, pending) !== null);
  const labels = {
    name: t.text(FIELD_KEYS.name),
    picture: t.text(FIELD_KEYS.picture),
    profile_link: t.text(FIELD_KEYS.profile_link),
    name_persona: t.text("linking.personaForName"),
    picture_persona: t.text("linking.personaForPicture"),
    profile_link_persona: t.text("linking.personaForProfileLink"),
  };
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <h1>{title}</h1>
      <FormErrorSummary problem={problem} labels={labels} />
      <p class="lead">{t.text("linking.chooseLead", provider)}</p>
      <p class="hint">{t.text("linking.anonymousNotOffered")}</p>
      <form method="post" action="/auth/oidc/link" class="form" noValidate>
        <CsrfField token={ctx.csrfToken} />
        {offered.length === 0 ? <p>{t.text("linking.nothingShared", provider)}</p> : null}
        {offered.map((field) => (
          <fieldset class="field">
            <legend>{labels[field]}</legend>
            <p>{claimText(t, field, pending)}</p>
            <Checkbox name={field} label={t.text("linking.showThis", { field })} checked={values[field].ticked} error={errors[field]} />
            <FieldError id={`field-${field}_persona`} error={errors[`${field}_persona`]} />
            <Select id={`field-${field}_persona`} name={`${field}_persona`} label={t.text("linking.whichPersona")} value={values[field].personaId || (options[0]?.value ?? "")} options={options} />
          </fieldset>
        ))}
        <button type="submit">{t.text("linking.linkMy", provider)}</button>
      </form>
      <p>
        <a href="/settings/linked-accounts">{t.text("linking.cancel")}</a>
      </p>
    </Layout>
  );
}

export function LinkedAccountsPage(props: { ctx: PageContext; providerName: string | null; items: LinkedAccountView[]; notice?: string | null }) {
  const { ctx, providerName, items, notice } = props;
  const { t } = ctx;
  const aPersona = t.text("linking.aPersona");
  const personaName = (id: string) => (ctx.viewer.kind === "account" ? (ctx.viewer.personas.find((p) => p.id === id)?.displayName ?? aPersona) : aPersona);
  return (
    <Layout ctx={ctx} title={t.text("linking.linkedTitle")}>
      <h1>{t.text("linking.linkedTitle")}</h1>
      {notice ? <Notice>{notice}</Notice> : null}
      <p class="lead">{providerName ? t.text("linking.linkedLead", { provider: providerName }) : t.text("linking.linkedLeadOff")}</p>
      {items.length === 0 ? (
        <p>{t.text("linking.noneLinked")}</p>
      ) : (
        <ul class="card-list">
          {items.map((item) => (
            <li class="card">
              <h2>{item.providerName}</h2>
              <p>
                {t.text("linking.linkedOn")} <time dateTime={item.linkedAt}>{longDate(item.linkedAt, t)}</time>
                {t.text("linking.linkedOnAfter")}
              </p>
              {item.fields.length === 0 ? (
                <p>{t.text("linking.onlySignIn")}</p>
              ) : (
                <ul>
                  {item.fields.map((f) => (
                    <li>
                      {t.text("linking.shownOn", { field: f.field, persona: personaName(f.personaId) })}
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
                  {t.text("linking.unlink")}
                  <span class="visually-hidden"> {t.text("linking.unlinkWhich", { provider: item.providerName, day: longDate(item.linkedAt, t) })}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {providerName ? (
        <p>
          <a class="button" href="/auth/oidc/start?intent=link">
            {t.text("linking.linkA", { provider: providerName })}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

/** A problem on the way back from the provider: what happened, and where to start again. */
export function SignInProblemPage(props: { ctx: PageContext; message: string; again: { href: string; label: string } }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t.text("linking.problemTitle")}>
      <h1>{t.text("linking.problemTitle")}</h1>
      <p>{props.message}</p>
      <p>
        <a class="button" href={props.again.href}>
          {props.again.label}
        </a>
      </p>
    </Layout>
  );
}
