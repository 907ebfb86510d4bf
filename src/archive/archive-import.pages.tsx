/**
 * The admin import page (issue 12 part 3, ADR 46): an administrator uploads an archive and
 * it is imported with the very checks of `hearth import` — signature, every hash and record
 * before anything is written, one transaction — and the same sentences when it is refused.
 * Works without JavaScript: a plain multipart form (archive-upload.ts reads it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { Text } from "../http/schemas.ts";
import { AppError, forbidden } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { LIMITS } from "../shared/limits.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { CsrfField, Field, FieldError, Notice } from "../web/components.tsx";
import { CHECK_ANSWERS, problemFrom, type FormProblem } from "../web/form-body.ts";
import { FormErrorSummary, formTitle } from "../web/form-controls.tsx";
import { Layout, type PageContext } from "../web/layout.tsx";
import { pageContext, redirectAfterPost, sendPage } from "../web/page-context.ts";
import { sendToSignIn } from "../web/redirect-target.ts";
import { readSchemaForm, type FormSpec } from "../web/schema-form.ts";
import { ArchiveRefused } from "./archive-error.ts";
import { acceptArchiveUploads, UPLOAD_LIMIT, type UploadBody } from "./archive-upload.ts";

export const IMPORT_PATH = "/admin/import";

/** The form's two text fields; the file is the upload's. */
const ImportFields = Type.Object({ slug: Type.Optional(Text(0, LIMITS.slug)), owner: Type.Optional(Text(0, 100)) }, { additionalProperties: true });
const importForm = (t: Translator): FormSpec => ({ slug: { label: t.text("archiveImport.slugLabel") }, owner: { label: t.text("archiveImport.ownerLabel") } });

type Values = { slug: string; owner: string };
type Imported = { slug: string; key: string } | null;

function ImportPage({ ctx, values, imported, problem }: { ctx: PageContext; values: Values; imported: Imported; problem: FormProblem | null }) {
  const { t } = ctx;
  const title = t.text("archiveImport.title");
  const labels = { archive: t.text("archiveImport.fileLabel"), slug: t.text("archiveImport.slugLabel"), owner: t.text("archiveImport.ownerLabel") };
  return (
    <Layout ctx={ctx} title={formTitle(title, problem)}>
      <FormErrorSummary problem={problem} labels={labels} />
      <h1>{title}</h1>
      {imported ? (
        <Notice>
          {t.text("archiveImport.done", { key: imported.key })}{" "}
          <a href={`/c/${encodeURIComponent(imported.slug)}`}>{`/c/${imported.slug}`}</a>
        </Notice>
      ) : null}
      <p class="lead">{t.text("archiveImport.lead")}</p>
      <form method="post" action={IMPORT_PATH} enctype="multipart/form-data" noValidate>
        <CsrfField token={ctx.csrfToken} />
        <div class={`field${problem?.fields?.archive ? " field-error" : ""}`}>
          <label for="field-archive">{labels.archive}</label>
          <p class="hint" id="field-archive-hint">
            {t.text("archiveImport.fileHint")}
          </p>
          <FieldError id="field-archive" error={problem?.fields?.archive} />
          <input id="field-archive" name="archive" type="file" accept=".tar,application/x-tar" aria-describedby="field-archive-hint" required />
        </div>
        <Field name="slug" label={labels.slug} hint={t.text("archiveImport.slugHint")} value={values.slug} error={problem?.fields?.slug} />
        <Field name="owner" label={labels.owner} hint={t.text("archiveImport.ownerHint")} value={values.owner} error={problem?.fields?.owner} autocomplete="off" />
        <button type="submit">{t.text("archiveImport.submit")}</button>
      </form>
    </Layout>
  );
}

export async function archiveImportPages(app: FastifyInstance, { services }: RouteContext) {
  const hide = { schema: { hide: true } };
  acceptArchiveUploads(app, (request) => request.method === "POST" && request.url === IMPORT_PATH);
  const adminOnly = (request: FastifyRequest) => {
    if (isSignedIn(request.viewer) && !request.viewer.isAdmin) throw forbidden(msg("error.archive.administratorsOnly"));
  };
  const show = async (request: FastifyRequest, reply: FastifyReply, values: Values, imported: Imported, problem: FormProblem | null = null, status = 200) =>
    sendPage(reply, <ImportPage ctx={await pageContext(request, services)} values={values} imported={imported} problem={problem} />, status);

  app.get<{ Querystring: { imported?: unknown; key?: unknown } }>(IMPORT_PATH, hide, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, IMPORT_PATH);
    adminOnly(request);
    const { imported, key } = request.query;
    const done = typeof imported === "string" && typeof key === "string" ? { slug: imported.slice(0, 100), key: key.slice(0, 64) } : null;
    return show(request, reply, { slug: "", owner: "" }, done);
  });

  app.post(IMPORT_PATH, { ...hide, bodyLimit: UPLOAD_LIMIT + 1024 * 1024 }, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, IMPORT_PATH);
    adminOnly(request);
    const body = (request.body ?? {}) as UploadBody;
    const form = readSchemaForm(body, ImportFields, importForm(request.i18n));
    const values = { slug: (form.values.slug ?? "").trim(), owner: (form.values.owner ?? "").trim() };
    const t = request.i18n;
    if (body.tooLarge) return show(request, reply, values, null, { message: CHECK_ANSWERS, fields: { archive: t.text("archiveImport.tooLarge") } }, 413);
    if (!body.archive) return show(request, reply, values, null, { message: CHECK_ANSWERS, fields: { archive: t.text("archiveImport.noFile") } }, 400);
    if (!form.input) return show(request, reply, values, null, { message: CHECK_ANSWERS, fields: form.fields }, 400);
    const file = body.archive;
    try {
      const result = await services.archive.importUpload(request.viewer, file, values);
      return redirectAfterPost(reply, `${IMPORT_PATH}?imported=${encodeURIComponent(result.slug)}&key=${result.fingerprint}`);
    } catch (error) {
      // The refusal's own sentence, as `hearth import` says it (English, ADR 44), under the file.
      if (error instanceof ArchiveRefused) return show(request, reply, values, null, { message: t.text("archiveImport.refused"), fields: { archive: error.message } }, 400);
      if (error instanceof AppError) return show(request, reply, values, null, problemFrom(error, undefined, t), error.status);
      throw error;
    }
  });
}
