/** The reaction buttons' form posts: toggle, then back to the same post (POST-redirect-GET). */
import type { FastifyInstance } from "fastify";
import type { RouteContext } from "../http/context.ts";
import { invalid } from "../shared/errors.ts";
import { msg } from "../shared/i18n/message.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import { redirectAfterPost } from "../web/page-context.ts";
import { formField, redirectTarget } from "../web/redirect-target.ts";
import { readSchemaForm, type FormSpec } from "../web/schema-form.ts";
import { REACTION_KIND_NAMES, ReactionBody } from "./reactions.schemas.ts";

const hide = { schema: { hide: true } };
const CHOOSE_KIND = msg("problem.chooseOneOf", { allowed: REACTION_KIND_NAMES.join(", ") });

/** A reaction button sends its kind; the API's ReactionBody checks it (the persona is the personal one, as the API's default). */
const reactionForm = (t: Translator) => ({ kind: { label: "Reaction", required: t.say(CHOOSE_KIND), choose: t.say(CHOOSE_KIND) } }) satisfies FormSpec;

export async function reactionsPages(app: FastifyInstance, { services, config }: RouteContext) {
  // Turned down only when the person may not react (not a member, a deleted post) or the button sent no kind we know: the error page says why.
  app.post<{ Params: { id: string } }>("/p/:id/reactions", hide, async (request, reply) => {
    const postId = request.params.id;
    // The way back is checked before the reaction changes: a bad one is a 400 and nothing happens.
    const back = redirectTarget(formField(request.body, "back"), { publicUrl: config.publicUrl, field: "back", fallback: "" });
    const form = readSchemaForm(request.body, ReactionBody, reactionForm(request.i18n), {}, request.i18n);
    if (!form.input) throw invalid("kind", form.fields.kind ?? CHOOSE_KIND);
    const { threadId } = await services.reactions.toggle(request.viewer, postId, form.input.kind);
    return redirectAfterPost(reply, `${(back || `/t/${threadId}`).split("#")[0]}#post-${postId}`);
  });
}
