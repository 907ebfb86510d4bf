/**
 * The archive download for a community's owners (ADR 44): GET, from the community's
 * "run this community" list. Anyone but an owner gets the 404 of a community they cannot
 * see; a guest is sent to sign in first, as on every settings page.
 */
import fs from "node:fs";
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { isSignedIn } from "../shared/viewer.ts";
import { sendToSignIn } from "../web/redirect-target.ts";

export const archivePath = (slug: string) => `/c/${encodeURIComponent(slug)}/settings/archive`;

export async function archivePages(app: FastifyInstance, { services }: RouteContext) {
  app.get<{ Params: { slug: string } }>("/c/:slug/settings/archive", { schema: { hide: true } }, async (request, reply) => {
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, archivePath(request.params.slug));
    const download = await services.archive.download(request.viewer, request.params.slug);
    const stream = fs.createReadStream(download.file);
    // The file goes when the answer has gone, or when the reader went away before.
    stream.on("close", () => void download.remove());
    return reply
      .header("content-type", "application/x-tar")
      .header("content-disposition", `attachment; filename="${download.slug}-archive.tar"`)
      .header("cache-control", "private, no-store")
      .send(stream);
  });
}
