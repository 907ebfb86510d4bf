/**
 * Browser routes of external profile linking: the redirect to the provider and back,
 * the pages after it, the linked-accounts settings page, and the pictures Hearth
 * serves from its own copies.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { clientKey, setSessionCookie } from "../http/session.ts";
import { AppError } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { attempt, CHECK_ANSWERS, problemFrom, type FormProblem } from "../web/form-body.ts";
import { readSchemaForm, schemaProblem, type FormSpec } from "../web/schema-form.ts";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { askForSecondFactor } from "../web/pending-sign-in.ts";
import type { FieldChoice } from "./external-identity.service.ts";
import { ChooseFieldsPage, LinkedAccountsPage, NoAccountPage, SignInProblemPage, type ChoiceValues, type NoAccountValues } from "./linking.page.tsx";
import { LinkAccountBody, LinkChoicesBody } from "./external-identity.schemas.ts";
import { sendToSignIn } from "../web/redirect-target.ts";

/** The browser's half of a sign-in in progress: a random key, only sent back to /auth/oidc. */
const OIDC_COOKIE = "hearth_oidc";
const COOKIE_PATH = "/auth/oidc";
const SETTINGS = "/settings/linked-accounts";

/** Signing in to an existing account to link it. */
const existingForm = (t: Translator) =>
  ({
    username: { label: t.text("accounts.username"), required: t.text("signin.usernameRequired") },
    password: { label: t.text("accounts.password"), required: t.text("signin.passwordRequired") },
  }) satisfies FormSpec;
/** Making a new account to link: the same body, under the form's own field names. */
const newAccountForm = (t: Translator) =>
  ({
    new_username: { label: t.text("linking.newUsername"), path: "username", required: t.text("signup.usernameRequired") },
    new_password: { label: t.text("reset.newPasswordLabel"), path: "password", required: t.text("signup.passwordRequired") },
  }) satisfies FormSpec;
/** What to show from the provider's profile, in the page's order. */
const choicesForm = (t: Translator) =>
  ({
    name: { label: t.text("linking.fieldName"), as: "checkbox" },
    name_persona: { label: t.text("linking.personaForName"), path: "namePersona" },
    picture: { label: t.text("linking.fieldPicture"), as: "checkbox" },
    picture_persona: { label: t.text("linking.personaForPicture"), path: "picturePersona" },
    profile_link: { label: t.text("linking.fieldProfileLink"), path: "profileLink", as: "checkbox" },
    profile_link_persona: { label: t.text("linking.personaForProfileLink"), path: "profileLinkPersona" },
  }) satisfies FormSpec;

const NOTICES: Record<string, string> = {
  linked: "linking.noticeLinked",
  already: "linking.noticeAlready",
  unlinked: "linking.noticeUnlinked",
};

export async function externalIdentityPages(app: FastifyInstance, { services, config }: RouteContext) {
  const hide = { schema: { hide: true } };
  const service = services.externalIdentity;
  const secure = config.publicUrl.startsWith("https:");
  const keyOf = (request: FastifyRequest) => request.cookies[OIDC_COOKIE];
  const clearKey = (reply: FastifyReply) => reply.clearCookie(OIDC_COOKIE, { path: COOKIE_PATH });

  app.get("/auth/oidc/start", hide, async (request, reply) => {
    const intent = (request.query as Record<string, unknown>).intent ?? "signin";
    if (intent !== "signin" && intent !== "link") throw new AppError("invalid_input", 400, msg("linking.badIntent"), { intent: "must be signin or link" });
    if (service.providerName === null) throw new AppError("not_found", 404, msg("linking.providerOff"));
    if (intent === "link" && !isSignedIn(request.viewer)) return sendToSignIn(reply, SETTINGS);
    if (intent === "signin" && isSignedIn(request.viewer)) return reply.redirect("/", 303);
    const { key, redirectTo } = await service.start(request.viewer, intent);
    reply.setCookie(OIDC_COOKIE, key, { path: COOKIE_PATH, httpOnly: true, sameSite: "lax", secure, maxAge: 30 * 60 });
    return reply.redirect(redirectTo, 303);
  });

  app.get("/auth/oidc/callback", hide, async (request, reply) => {
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
    let outcome;
    try {
      outcome = await service.finish(keyOf(request), query, request.viewer);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      clearKey(reply);
      const t = request.i18n;
      const again = isSignedIn(request.viewer) ? { href: SETTINGS, label: t.text("linking.backToLinked") } : { href: "/signin", label: t.text("reset.backToSignIn") };
      // The page's own address carries the code and state: keep them out of its "Sign in" link.
      const ctx = { ...(await pageContext(request, services)), path: "/" };
      return sendPage(reply, <SignInProblemPage ctx={ctx} message={error.in(t)} again={again} />, error.status);
    }
    switch (outcome.kind) {
      case "signed_in":
        clearKey(reply);
        setSessionCookie(reply, outcome.session, config.publicUrl);
        return reply.redirect("/", 303);
      case "needs_second_factor":
        // Two-step sign-in: the code step of the sign-in pages opens the session.
        clearKey(reply);
        return askForSecondFactor(reply, outcome.pendingSignIn, "/", config.publicUrl);
      case "needs_account":
        return reply.redirect("/auth/oidc/new", 303);
      case "choose_fields":
        return reply.redirect("/auth/oidc/link", 303);
      case "already_linked":
        clearKey(reply);
        return reply.redirect(`${SETTINGS}?done=already`, 303);
    }
  });

  const showNoAccount = async (request: FastifyRequest, reply: FastifyReply, values: NoAccountValues, problem?: FormProblem | null, status = 200) => {
    const { providerName } = await service.awaitingAccount(keyOf(request));
    return sendPage(reply, <NoAccountPage ctx={await pageContext(request, services)} providerName={providerName} values={values} problem={problem ?? null} />, status);
  };

  app.get("/auth/oidc/new", hide, async (request, reply) => showNoAccount(request, reply, { username: "", newUsername: "" }));

  app.post("/auth/oidc/new/existing", hide, async (request, reply) => {
    const form = readSchemaForm(request.body, LinkAccountBody, existingForm(request.i18n));
    const values = { username: form.values.username, newUsername: "" };
    const problem = schemaProblem(form);
    if (problem || !form.input) return showNoAccount(request, reply, values, problem, 400);
    const { username, password } = form.input;
    const result = await attempt(() => service.signInToLink(keyOf(request), username, password, clientKey(request)));
    if (!result.ok) {
      if (result.error.code === "link_expired") throw result.error;
      return showNoAccount(request, reply, values, { message: result.error.in(request.i18n) }, result.error.status);
    }
    if ("pendingSignIn" in result.value) return askForSecondFactor(reply, result.value.pendingSignIn, "/auth/oidc/link", config.publicUrl);
    setSessionCookie(reply, result.value.session, config.publicUrl);
    return redirectAfterPost(reply, "/auth/oidc/link");
  });

  app.post("/auth/oidc/new/account", hide, async (request, reply) => {
    const form = readSchemaForm(request.body, LinkAccountBody, newAccountForm(request.i18n));
    const values = { username: "", newUsername: form.values.new_username };
    const problem = schemaProblem(form);
    if (problem || !form.input) return showNoAccount(request, reply, values, problem, 400);
    const input = form.input;
    const result = await attempt(() => service.signUpToLink(keyOf(request), input, clientKey(request)));
    if (!result.ok) {
      if (result.error.code === "link_expired") throw result.error;
      const shown = problemFrom(result.error, (field, text) => (field === "username" || field === "password" ? { name: `new_${field}`, problem: text } : null), request.i18n);
      return showNoAccount(request, reply, values, shown, result.error.status);
    }
    setSessionCookie(reply, result.value, config.publicUrl);
    return redirectAfterPost(reply, "/auth/oidc/link");
  });

  const emptyChoices = (): ChoiceValues => ({
    name: { ticked: false, personaId: "" },
    picture: { ticked: false, personaId: "" },
    profile_link: { ticked: false, personaId: "" },
  });

  const showChoices = async (request: FastifyRequest, reply: FastifyReply, values: ChoiceValues, problem?: FormProblem | null, status = 200) => {
    const pending = await service.pendingLink(keyOf(request), request.viewer);
    return sendPage(reply, <ChooseFieldsPage ctx={await pageContext(request, services)} pending={pending} values={values} problem={problem ?? null} />, status);
  };

  app.get("/auth/oidc/link", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, SETTINGS);
    return showChoices(request, reply, emptyChoices());
  });

  app.post("/auth/oidc/link", hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, SETTINGS);
    const spec = choicesForm(request.i18n);
    const form = readSchemaForm(request.body, LinkChoicesBody, spec, {}, request.i18n);
    const values = emptyChoices();
    const choices: FieldChoice[] = [];
    const found: Record<string, string> = { ...form.fields };
    for (const field of ["name", "picture", "profile_link"] as const) {
      const persona = `${field}_persona` as const;
      values[field] = { ticked: form.values[field] !== "", personaId: form.values[persona] };
      if (!values[field].ticked) continue;
      // A ticked field needs its persona: what the form's two controls mean together, said beside the persona.
      if (!values[field].personaId.trim()) found[persona] ??= request.i18n.text("linking.choosePersona");
      choices.push({ field, personaId: values[field].personaId });
    }
    if (Object.keys(found).length) {
      const fields = Object.fromEntries(Object.keys(spec).filter((name) => found[name]).map((name) => [name, found[name]!]));
      return showChoices(request, reply, values, { message: CHECK_ANSWERS, fields }, 400);
    }
    const result = await attempt(() => service.link(keyOf(request), request.viewer, choices));
    if (!result.ok) {
      if (result.error.code === "link_expired" || result.error.status === 409) {
        clearKey(reply);
        return sendPage(
          reply,
          <SignInProblemPage ctx={await pageContext(request, services)} message={result.error.in(request.i18n)} again={{ href: SETTINGS, label: request.i18n.text("linking.backToLinked") }} />,
          result.error.status,
        );
      }
      return showChoices(request, reply, values, problemFrom(result.error, undefined, request.i18n), result.error.status);
    }
    clearKey(reply);
    return redirectAfterPost(reply, `${SETTINGS}?done=linked`);
  });

  app.get(SETTINGS, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, SETTINGS);
    const { items } = await service.mine(request.viewer);
    const done = (request.query as Record<string, unknown>).done;
    const notice = typeof done === "string" && Object.hasOwn(NOTICES, done) ? request.i18n.text(NOTICES[done]!) : null;
    return sendPage(reply, <LinkedAccountsPage ctx={await pageContext(request, services)} providerName={service.providerName} items={items} notice={notice} />);
  });

  app.post<{ Params: { id: string } }>(`${SETTINGS}/:id/unlink`, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, SETTINGS);
    await service.unlink(request.viewer, request.params.id);
    return redirectAfterPost(reply, `${SETTINGS}?done=unlinked`);
  });

  // Under /assets/ so that fetching a picture neither reads a session nor sets a cookie.
  app.get<{ Params: { id: string } }>("/assets/persona-pictures/:id", hide, async (request, reply) => {
    const picture = await service.picture(request.params.id);
    // A short lifetime, so that unlinking takes the picture away from caches soon.
    return reply
      .header("cache-control", "public, max-age=300")
      .header("content-disposition", "inline")
      .type(picture.contentType)
      .send(Buffer.from(picture.bytes));
  });
}
