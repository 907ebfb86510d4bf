/** HTTP API for threads and posts. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, Page, PageQuery, PostViewSchema, ThreadSummarySchema, ThreadViewSchema } from "../http/schemas.ts";
import { PostEditBody, ReplyBody, ThreadBody, ThreadTitleBody, ThreadWarningsBody } from "./discussion.schemas.ts";
import { withLanguage } from "../shared/content-languages.ts";

const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
const Created = Type.Object({ id: Type.String() });

export async function discussionRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["discussion"];
  const SpaceParams = Type.Object({ slug: Type.String({ maxLength: 100 }), space: Type.String({ maxLength: 100 }) });

  app.get(
    "/api/v1/communities/:slug/spaces/:space/threads",
    { schema: { tags, summary: "Threads of a space, most recently active first", params: SpaceParams, querystring: PageQuery, response: { 200: Page(ThreadSummarySchema), ...errors(400, 404) } } },
    async (request) => {
      const result = await services.discussion.listThreads(request.viewer, request.params.slug, request.params.space, request.query.cursor, request.query.limit);
      return result.page;
    },
  );

  app.post(
    "/api/v1/communities/:slug/spaces/:space/threads",
    {
      schema: {
        tags,
        summary: "Start a thread (its body is the opening post)",
        params: SpaceParams,
        body: ThreadBody,
        response: {
          201: Type.Object({
            id: Type.String(),
            postId: Type.String(),
            crisisSupport: Type.Boolean({ description: "The words read like someone in crisis: show the author the community's crisis resources (charter.crisisResources, and the page /c/:slug/help). The post is never held back." }),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.discussion.createThread(request.viewer, request.params.slug, request.params.space, withLanguage(request.body, request.i18n.locale))),
  );

  app.get(
    "/api/v1/threads/:id",
    { schema: { tags, summary: "A thread and a page of its posts; posts.items[0] is the opening post", params: Id, querystring: PageQuery, response: { 200: ThreadViewSchema, ...errors(400, 404) } } },
    async (request) => services.discussion.getThread(request.viewer, request.params.id, request.query.cursor, request.query.limit),
  );

  app.patch(
    "/api/v1/threads/:id",
    {
      schema: {
        tags,
        summary: "Change a thread's title (its author or a moderator); the earlier title is kept in its history",
        params: Id,
        body: ThreadTitleBody,
        response: { 200: ThreadViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.discussion.editThreadTitle(request.viewer, request.params.id, request.body),
  );

  app.get(
    "/api/v1/threads/:id/title-revisions",
    {
      schema: {
        tags,
        summary: "Earlier titles of a thread, newest first (its author and the community's moderators only)",
        params: Id,
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), replacedAt: Type.String() })) }), ...errors(404) },
      },
    },
    async (request) => services.discussion.titleRevisions(request.viewer, request.params.id),
  );

  app.post(
    "/api/v1/threads/:id/posts",
    {
      schema: {
        tags,
        summary: "Reply to a thread",
        params: Id,
        body: ReplyBody,
        response: { 201: Type.Object({ id: Type.String(), crisisSupport: Type.Boolean({ description: "As for a new thread: show the author the community's help" }) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, crisisSupport } = await services.discussion.reply(request.viewer, request.params.id, withLanguage(request.body, request.i18n.locale));
      return reply.status(201).send({ id, crisisSupport });
    },
  );

  app.put(
    "/api/v1/threads/:id/content-warnings",
    {
      schema: {
        tags,
        summary: "Set a thread's content warnings (its author or a moderator), each one of the community's",
        params: Id,
        body: ThreadWarningsBody,
        response: { 200: ThreadViewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.discussion.setContentWarnings(request.viewer, request.params.id, request.body.contentWarnings),
  );

  app.get(
    "/api/v1/posts/:id",
    { schema: { tags, summary: "One post", params: Id, response: { 200: Type.Intersect([PostViewSchema, Type.Object({ threadId: Type.String() })]), ...errors(404) } } },
    async (request) => {
      const { post, threadId } = await services.discussion.getPost(request.viewer, request.params.id);
      return { ...post, threadId };
    },
  );

  app.patch(
    "/api/v1/posts/:id",
    {
      schema: {
        tags,
        summary: "Edit your post; the earlier text is kept in its history",
        params: Id,
        body: PostEditBody,
        response: { 200: PostViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.discussion.editPost(request.viewer, request.params.id, request.body),
  );

  app.delete(
    "/api/v1/posts/:id",
    { schema: { tags, summary: "Delete a post (its author or a moderator)", params: Id, response: { 204: Type.Null(), ...errors(401, 403, 404) } } },
    async (request, reply) => {
      await services.discussion.deletePost(request.viewer, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/posts/:id/revisions",
    {
      schema: {
        tags,
        summary: "Earlier versions of a post (its author and the community's moderators only)",
        params: Id,
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), body: Type.String(), replacedAt: Type.String() })) }), ...errors(404) },
      },
    },
    async (request) => services.discussion.revisions(request.viewer, request.params.id),
  );
}

