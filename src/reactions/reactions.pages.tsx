/** The reaction buttons' form posts: toggle, then back to the same post (POST-redirect-GET). */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { readForm } from "../web/form-body.ts";
import { redirectAfterPost } from "../web/page-context.ts";
import { formField, redirectTarget } from "../web/redirect-target.ts";

const hide = { schema: { hide: true } };

export async function reactionsPages(app: FastifyInstance, { services, config }: RouteContext) {
  // Turned down only when the person may not react (not a member, a deleted post): the error page says why.
  app.post<{ Params: { id: string } }>("/p/:id/reactions", hide, async (request, reply) => {
    const postId = request.params.id;
    // The way back is checked before the reaction changes: a bad one is a 400 and nothing happens.
    const back = redirectTarget(formField(request.body, "back"), { publicUrl: config.publicUrl, field: "back", fallback: "" });
    const form = readForm(request.body, { kind: 40 });
    const { threadId } = await services.reactions.toggle(request.viewer, postId, form.values.kind);
    return redirectAfterPost(reply, `${(back || `/t/${threadId}`).split("#")[0]}#post-${postId}`);
  });
}
