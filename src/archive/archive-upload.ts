/**
 * The admin import's upload (ADR 46): a `multipart/form-data` body parsed by @fastify/busboy,
 * registered only in the import page's own plugin, so no other route takes a file. The file
 * streams to a private temporary folder, never into memory, and stops at UPLOAD_LIMIT bytes
 * (marked `tooLarge`, the rest discarded); the form's other fields (its `_csrf` among them) become
 * the body as strings, so the CSRF check and the input guard see them as for any form. Only a
 * signed-in administrator's upload is read at all: anyone else's is refused before a byte is
 * written. The folder goes when the answer has been sent.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Busboy } from "@fastify/busboy";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isSignedIn } from "../shared/viewer.ts";

/** The largest archive an administrator may upload from the web: 1 GiB. Bigger ones go through `hearth import`. */
export const UPLOAD_LIMIT = 1024 * 1024 * 1024;

export type UploadBody = Record<string, string> & { archive?: string; tooLarge?: string };

declare module "fastify" {
  interface FastifyRequest {
    uploadDir?: string;
  }
}

/** Installs the parser in `app` (the import page's plugin) and removes each request's folder after its answer. */
export function acceptArchiveUploads(app: FastifyInstance, onlyFor: (request: FastifyRequest) => boolean) {
  app.addContentTypeParser("multipart/form-data", (request, payload, done) => {
    if (!isSignedIn(request.viewer) || !request.viewer.isAdmin || !onlyFor(request)) {
      payload.resume();
      return done(null, {});
    }
    let busboy: InstanceType<typeof Busboy>;
    try {
      busboy = new Busboy({ headers: request.headers as never, limits: { files: 1, fields: 10, parts: 11, fieldSize: 4096, fileSize: UPLOAD_LIMIT } });
    } catch {
      payload.resume();
      return done(null, {});
    }
    const body: UploadBody = {};
    const writes: Promise<void>[] = [];
    busboy.on("field", (name: string, value: string) => {
      if (name !== "archive") body[name] = value;
    });
    busboy.on("file", (name: string, stream: NodeJS.ReadableStream) => {
      if (name !== "archive" || body.archive) return void stream.resume();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-upload-"));
      request.uploadDir = dir;
      const file = path.join(dir, "archive.tar");
      body.archive = file;
      stream.on("limit", () => (body.tooLarge = "1"));
      const write = pipeline(stream, fs.createWriteStream(file, { mode: 0o600 }));
      write.catch(() => {}); // a broken-off part is told once, by `broken` below
      writes.push(write);
    });
    // A body that breaks off or is not multipart after all is the sender's fault: a 400, never a 500.
    let answered = false;
    const answer = (error: Error | null) => {
      if (answered) return;
      answered = true;
      if (error) done(Object.assign(error, { statusCode: 400 }), undefined);
      else done(null, body);
    };
    const broken = (error: Error) => answer(error);
    busboy.on("finish", () => {
      Promise.all(writes).then(() => answer(null), broken);
    });
    busboy.on("error", broken);
    payload.pipe(busboy);
  });
  const remove = async (request: FastifyRequest) => {
    if (request.uploadDir) await fs.promises.rm(request.uploadDir, { recursive: true, force: true });
  };
  app.addHook("onResponse", remove);
  // An upload the browser gave up on goes too.
  app.addHook("onRequestAbort", remove);
}
