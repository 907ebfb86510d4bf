/** HTTP API for following and bookmarks (ADR 35). Every list is the viewer's own. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, Page, PageQuery, PersonaViewSchema } from "../http/schemas.ts";
import { FollowBody } from "./follows.schemas.ts";

const Done = Type.Object({ following: Type.Boolean() });
const Saved = Type.Object({ bookmarked: Type.Boolean() });
const Community = Type.Object({ slug: Type.String(), name: Type.String() });
const When = Type.String({ format: "date-time" });

const FollowSchema = Type.Union([
  Type.Object({ id: Type.String(), type: Type.Literal("thread"), thread: Type.Object({ id: Type.String(), title: Type.String() }), community: Community, createdAt: When }),
  Type.Object({ id: Type.String(), type: Type.Literal("space"), space: Type.Object({ slug: Type.String(), name: Type.String() }), community: Community, createdAt: When }),
  Type.Object({ id: Type.String(), type: Type.Literal("persona"), persona: PersonaViewSchema, createdAt: When }),
]);

const BookmarkSchema = Type.Object({
  id: Type.String(),
  type: Type.Union([Type.Literal("thread"), Type.Literal("post")]),
  thread: Type.Object({ id: Type.String(), title: Type.String() }),
  postId: Type.Union([Type.String(), Type.Null()]),
  community: Community,
  createdAt: When,
});

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const SpaceParams = Type.Object({ slug: Type.String({ maxLength: 100 }), space: Type.String({ maxLength: 100 }) });

// A POST with no body at all follows as the personal persona, like {}.
const emptyBodyIsEmpty = async (request: FastifyRequest) => {
  request.body ??= {};
};

const created = (reply: FastifyReply, result: { created: boolean }, body: object) => reply.status(result.created ? 201 : 200).send(body);

export async function followsRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const follows = services.follows;
  const tags = ["follows"];
  const follow = (summary: string, params: typeof IdParams | typeof SpaceParams) => ({
    schema: { tags, summary, params, body: FollowBody, response: { 200: Done, 201: Done, ...errors(400, 401, 403, 404) } },
    preValidation: emptyBodyIsEmpty,
  });
  const unfollow = (summary: string, params: typeof IdParams | typeof SpaceParams) => ({ schema: { tags, summary, params, response: { 204: Type.Null(), ...errors(400, 401, 404) } } });
  const noBody = (summary: string) => ({ schema: { tags, summary, params: IdParams, response: { 200: Saved, 201: Saved, ...errors(400, 401, 404) } } });

  app.post("/api/v1/threads/:id/follow", follow("Follow a thread (201; 200 when already followed)", IdParams), async (request, reply) =>
    created(reply, await follows.followThread(request.viewer, (request.params as { id: string }).id, request.body), { following: true }),
  );
  app.delete("/api/v1/threads/:id/follow", unfollow("Stop following a thread", IdParams), async (request, reply) => {
    await follows.unfollowThread(request.viewer, (request.params as { id: string }).id);
    return reply.status(204).send(null);
  });

  app.post("/api/v1/communities/:slug/spaces/:space/follow", follow("Follow a space: told of each new thread in it", SpaceParams), async (request, reply) => {
    const { slug, space } = request.params as { slug: string; space: string };
    return created(reply, await follows.followSpace(request.viewer, slug, space, request.body), { following: true });
  });
  app.delete("/api/v1/communities/:slug/spaces/:space/follow", unfollow("Stop following a space", SpaceParams), async (request, reply) => {
    const { slug, space } = request.params as { slug: string; space: string };
    await follows.unfollowSpace(request.viewer, slug, space);
    return reply.status(204).send(null);
  });

  app.post("/api/v1/personas/:id/follow", follow("Follow a persona (never one of your own: 400 naming id)", IdParams), async (request, reply) =>
    created(reply, await follows.followPersona(request.viewer, (request.params as { id: string }).id, request.body), { following: true }),
  );
  app.delete("/api/v1/personas/:id/follow", unfollow("Stop following a persona", IdParams), async (request, reply) => {
    await follows.unfollowPersona(request.viewer, (request.params as { id: string }).id);
    return reply.status(204).send(null);
  });

  app.get(
    "/api/v1/me/follows",
    { schema: { tags, summary: "What you follow, newest first (only what you may still read)", querystring: PageQuery, response: { 200: Page(FollowSchema), ...errors(400, 401) } } },
    async (request) => follows.listFollows(request.viewer, request.query.cursor, request.query.limit),
  );

  app.post("/api/v1/threads/:id/bookmark", noBody("Bookmark a thread: private to you (201; 200 when already bookmarked)"), async (request, reply) =>
    created(reply, await follows.bookmarkThread(request.viewer, request.params.id), { bookmarked: true }),
  );
  app.delete("/api/v1/threads/:id/bookmark", { schema: { tags, summary: "Remove a thread's bookmark", params: IdParams, response: { 204: Type.Null(), ...errors(400, 401, 404) } } }, async (request, reply) => {
    await follows.unbookmarkThread(request.viewer, request.params.id);
    return reply.status(204).send(null);
  });
  app.post("/api/v1/posts/:id/bookmark", noBody("Bookmark a post: private to you (201; 200 when already bookmarked)"), async (request, reply) =>
    created(reply, await follows.bookmarkPost(request.viewer, request.params.id), { bookmarked: true }),
  );
  app.delete("/api/v1/posts/:id/bookmark", { schema: { tags, summary: "Remove a post's bookmark", params: IdParams, response: { 204: Type.Null(), ...errors(400, 401, 404) } } }, async (request, reply) => {
    await follows.unbookmarkPost(request.viewer, request.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    "/api/v1/me/bookmarks",
    { schema: { tags, summary: "Your bookmarks, newest first; nobody else sees them", querystring: PageQuery, response: { 200: Page(BookmarkSchema), ...errors(400, 401) } } },
    async (request) => follows.listBookmarks(request.viewer, request.query.cursor, request.query.limit),
  );
}
