/** HTTP API for communities, charters, membership and spaces. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { LIMITS } from "../shared/limits.ts";
import {
  CharterSchema,
  CommunityViewSchema,
  CommunityVisibility,
  errors,
  JoinPolicy,
  MemberViewSchema,
  Page,
  PageQuery,
  SpaceViewSchema,
  SpaceVisibility,
  Text,
} from "../http/schemas.ts";

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });

const CommunityBody = Type.Object(
  {
    slug: Text(1, LIMITS.slug),
    name: Text(1, LIMITS.communityName),
    purpose: Text(1, LIMITS.purpose),
    visibility: CommunityVisibility,
    joinPolicy: Type.Optional(JoinPolicy),
    charter: CharterSchema,
    firstSpace: Type.Optional(
      Type.Union([Type.Literal("public"), Type.Literal("members")], {
        description: "Who reads the first space, General: members (the default), or public (anyone, in a public community)",
      }),
    ),
  },
  { additionalProperties: false },
);

const CommunityPatchBody = Type.Object(
  {
    name: Type.Optional(Text(1, LIMITS.communityName)),
    purpose: Type.Optional(Text(1, LIMITS.purpose)),
    visibility: Type.Optional(CommunityVisibility),
    joinPolicy: Type.Optional(JoinPolicy),
    charter: Type.Optional(Type.Partial(CharterSchema)),
  },
  { additionalProperties: false },
);

export async function communitiesRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["communities"];

  app.get(
    "/api/v1/communities",
    { schema: { tags, summary: "Communities the viewer may see", querystring: PageQuery, response: { 200: Page(CommunityViewSchema), ...errors(400) } } },
    async (request) => services.communities.list(request.viewer, request.query.cursor, request.query.limit),
  );

  app.post(
    "/api/v1/communities",
    { schema: { tags, summary: "Start a community with its charter", body: CommunityBody, response: { 201: CommunityViewSchema, ...errors(400, 401, 403, 409) } } },
    async (request, reply) => reply.status(201).send(await services.communities.create(request.viewer, request.body)),
  );

  app.get(
    "/api/v1/communities/:slug",
    { schema: { tags, summary: "A community with its charter and the spaces the viewer may read", params: SlugParams, response: { 200: CommunityViewSchema, ...errors(404) } } },
    async (request) => services.communities.get(request.viewer, request.params.slug),
  );

  app.patch(
    "/api/v1/communities/:slug",
    {
      schema: {
        tags,
        summary: "Change a community or its charter (owners and moderators); every charter change is kept",
        params: SlugParams,
        body: CommunityPatchBody,
        response: { 200: CommunityViewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.communities.update(request.viewer, request.params.slug, request.body),
  );

  app.post(
    "/api/v1/communities/:slug/members",
    {
      schema: {
        tags,
        summary: "Join, or ask to join where members are approved",
        params: SlugParams,
        response: { 200: Type.Object({ status: Type.String() }), 201: Type.Object({ status: Type.String() }), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const result = await services.communities.join(request.viewer, request.params.slug);
      return reply.status(result.created ? 201 : 200).send({ status: result.status });
    },
  );

  app.delete(
    "/api/v1/communities/:slug/members/me",
    { schema: { tags, summary: "Leave a community", params: SlugParams, response: { 204: Type.Null(), ...errors(401, 404, 409) } } },
    async (request, reply) => {
      await services.communities.leave(request.viewer, request.params.slug);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/communities/:slug/members",
    {
      schema: {
        tags,
        summary: "Members or requests to join (owners and moderators); people appear by their personal persona",
        params: SlugParams,
        querystring: Type.Intersect([PageQuery, Type.Object({ status: Type.Optional(Type.Union([Type.Literal("member"), Type.Literal("pending")])) })]),
        response: { 200: Page(MemberViewSchema), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      services.communities.listMembers(request.viewer, request.params.slug, request.query.status ?? "member", request.query.cursor, request.query.limit),
  );

  app.post(
    "/api/v1/communities/:slug/members/:personaId/decision",
    {
      schema: {
        tags,
        summary: "Approve or turn down a request to join",
        params: Type.Object({ slug: Type.String(), personaId: Type.String() }),
        body: Type.Object({ decision: Type.Union([Type.Literal("approve"), Type.Literal("reject")]) }, { additionalProperties: false }),
        response: { 200: Type.Object({ status: Type.String() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.communities.decide(request.viewer, request.params.slug, request.params.personaId, request.body.decision),
  );

  app.put(
    "/api/v1/communities/:slug/members/:personaId/role",
    {
      schema: {
        tags,
        summary: "Make a member an owner, moderator or member (owners)",
        params: Type.Object({ slug: Type.String(), personaId: Type.String() }),
        body: Type.Object({ role: Type.Union([Type.Literal("owner"), Type.Literal("moderator"), Type.Literal("member")]) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await services.communities.setRole(request.viewer, request.params.slug, request.params.personaId, request.body.role);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/communities/:slug/spaces",
    {
      schema: { tags, summary: "Spaces the viewer may read", params: SlugParams, response: { 200: Page(SpaceViewSchema), ...errors(404) } },
    },
    async (request) => ({ items: await services.communities.listSpaces(request.viewer, request.params.slug), nextCursor: null }),
  );

  app.post(
    "/api/v1/communities/:slug/spaces",
    {
      schema: {
        tags,
        summary: "Add a space (owners and moderators)",
        params: SlugParams,
        body: Type.Object(
          {
            slug: Text(1, LIMITS.slug),
            name: Text(1, LIMITS.spaceName),
            description: Type.Optional(Type.String({ maxLength: LIMITS.spaceDescription })),
            visibility: SpaceVisibility,
            pairedCommunity: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Clinicians' network only: the slug of the patient community this space supports" })),
          },
          { additionalProperties: false },
        ),
        response: { 201: SpaceViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.communities.createSpace(request.viewer, request.params.slug, request.body)),
  );
}
