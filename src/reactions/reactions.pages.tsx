/** The reaction buttons' form posts: toggle, then back to the same post (POST-redirect-GET). */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { readForm } from "../web/form-body.ts";
import { redirectAfterPost, safeNext } from "../web/page-context.ts";

const hide = { schema: { hide: true } };

export async function reactionsPages(app: FastifyInstance, { services }: RouteContext) {
  // Turned down only when the person may not react (not a member, a deleted post): the error page says why.
  app.post<{ Params: { id: string } }>("/p/:id/reactions", hide, async (request, reply) => {
    const postId = request.params.id;
    const form = readForm(request.body, { kind: 40, back: 1000 });
    const { threadId } = await services.reactions.toggle(request.viewer, postId, form.values.kind);
    const back = safeNext(form.values.back, `/t/${threadId}`).split("#")[0];
    return redirectAfterPost(reply, `${back}#post-${postId}`);
  });
}
