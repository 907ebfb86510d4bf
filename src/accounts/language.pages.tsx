/**
 * The footer's language switcher (src/web/layout.tsx): a plain form, so it works without
 * JavaScript. The choice goes in a cookie for this browser and, for a signed-in person, on
 * the account too, so it follows them to other devices. The address stays the same: the
 * page they were on comes back in the language they chose.
 */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { setLocaleCookie } from "../http/locale.ts";
import { invalid } from "../shared/errors.ts";
import { LOCALES } from "../shared/i18n/locales.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { redirectAfterPost } from "../web/page-context.ts";
import { formField, redirectTarget } from "../web/redirect-target.ts";
import { readSchemaForm } from "../web/schema-form.ts";
import { LocaleBody } from "./accounts.schemas.ts";

export async function languagePages(app: FastifyInstance, { services, config }: RouteContext) {
  app.post("/language", async (request, reply) => {
    // The way back is checked before anything is remembered.
    const next = redirectTarget(formField(request.body, "next"), { publicUrl: config.publicUrl, field: "next", fallback: "/" });
    const t = request.i18n;
    const unknown = t.text("error.localeUnknown", { locales: LOCALES.join(", ") });
    const form = readSchemaForm(request.body, LocaleBody, { locale: { label: t.text("language.label"), choose: unknown } }, {}, t);
    if (!form.input) throw invalid("locale", form.fields.locale ?? unknown);
    const { locale } = form.input;
    setLocaleCookie(reply, locale, config.publicUrl);
    if (isSignedIn(request.viewer)) await services.accounts.setLocale(request.viewer, locale);
    return redirectAfterPost(reply, next);
  });
}
