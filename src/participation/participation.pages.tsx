/** The Welcome button's form post (ADR 41): welcome, then back to the same post (POST-redirect-GET). Works without JavaScript. */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { redirectAfterPost } from "../web/page-context.ts";
import { formField, redirectTarget, sendToSignIn } from "../web/redirect-target.ts";
import { isSignedIn } from "../shared/viewer.ts";

const hide = { schema: { hide: true } };

export async function participationPages(app: FastifyInstance, { services, config }: RouteContext) {
  app.post<{ Params: { slug: string; personaId: string } }>("/c/:slug/members/:personaId/welcome", hide, async (request, reply) => {
    const { slug, personaId } = request.params;
    // The way back is checked before the welcome: a bad one is a 400 and nothing happens.
    const back = redirectTarget(formField(request.body, "back"), { publicUrl: config.publicUrl, field: "back", fallback: "" });
    if (!isSignedIn(request.viewer)) return sendToSignIn(reply, back || `/c/${encodeURIComponent(slug)}`);
    await services.participation.welcome(request.viewer, slug, personaId);
    return redirectAfterPost(reply, back || `/c/${encodeURIComponent(slug)}`);
  });
}
