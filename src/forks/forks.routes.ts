/** HTTP API for forks (ADR 43): forking a community, its lineage, and an author's answer about their words. */
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { CommunityViewSchema, errors, Text } from "../http/schemas.ts";
import { LIMITS } from "../shared/limits.ts";

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const Ref = { slug: Type.String(), name: Type.String() };

const ForkBody = Type.Object(
  {
    slug: Text(1, LIMITS.slug),
    name: Text(1, LIMITS.communityName),
    purpose: Type.Optional(Text(0, LIMITS.purpose)),
    spaces: Type.Array(Text(1, LIMITS.slug), { maxItems: 100, description: "The slugs of the parent's spaces to carry" }),
  },
  { additionalProperties: false },
);

const LineageSchema = Type.Object({
  parent: Type.Union([
    Type.Object({
      ...Ref,
      forkedAt: Type.String({ format: "date-time" }),
      carriedThrough: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "The newest post carried could be no later than this" }),
      server: Type.Union([Type.String(), Type.Null()], { description: "The server the parent is on, when it is not this one (the lineage came in an archive); null: here, at /c/<slug>" }),
    }),
    Type.Null(),
  ]),
  forks: Type.Array(Type.Object({ ...Ref, forkedAt: Type.String({ format: "date-time" }) })),
  movedFrom: Type.Array(Type.Object({ server: Type.String(), slug: Type.String(), exportedAt: Type.String({ format: "date-time" }) }), {
    description: "The servers the community lived on before it came here in an archive, oldest first",
  }),
});

const ConsentSchema = Type.Object({
  fork: Type.Object(Ref),
  parent: Type.Union([Type.Object(Ref), Type.Null()]),
  answer: Type.Union([Type.Literal("yes"), Type.Literal("no"), Type.Null()]),
  posts: Type.Array(Type.Object({ id: Type.String(), threadTitle: Type.String(), opening: Type.Boolean(), excerpt: Type.String(), createdAt: Type.String({ format: "date-time" }) })),
});

export async function forksRoutes(fastify: FastifyInstance, { services }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["forks"];

  app.post(
    "/api/v1/communities/:slug/forks",
    {
      schema: {
        tags,
        summary: "Fork a community (its owners and moderators): the charter copied, the chosen spaces carried, each author's words only with their consent",
        params: SlugParams,
        body: ForkBody,
        response: { 201: CommunityViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { slug } = await services.forks.fork(request.viewer, request.params.slug, request.body);
      return reply.status(201).send(await services.communities.get(request.viewer, slug));
    },
  );

  app.get(
    "/api/v1/communities/:slug/lineage",
    { schema: { tags, summary: "Where a community was forked from, and its forks, as far as the viewer may see them", params: SlugParams, response: { 200: LineageSchema, ...errors(404) } } },
    async (request) => services.forks.lineage(request.viewer, request.params.slug),
  );

  app.get(
    "/api/v1/communities/:slug/fork-consent",
    { schema: { tags, summary: "What of yours would go with this fork, and your answer (only to those it asked)", params: SlugParams, response: { 200: ConsentSchema, ...errors(401, 404) } } },
    async (request) => services.forks.consent(request.viewer, request.params.slug),
  );

  app.put(
    "/api/v1/communities/:slug/fork-consent",
    {
      schema: {
        tags,
        summary: "Answer whether your words go with this fork: yes carries them now; no keeps them out",
        params: SlugParams,
        body: Type.Object({ travel: Type.Union([Type.Literal("yes"), Type.Literal("no")]) }, { additionalProperties: false }),
        response: { 200: ConsentSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => services.forks.answer(request.viewer, request.params.slug, request.body.travel),
  );

  const ProposalSchema = Type.Object({
    id: Type.String(),
    slug: Type.String(),
    name: Type.String(),
    spaces: Type.Array(Type.String()),
    signatures: Type.Integer({ description: "How many members signed (never who)" }),
    needed: Type.Union([Type.Integer(), Type.Null()], { description: "The charter's forkSignatures now; null when it no longer lets members fork together" }),
    signedByMe: Type.Boolean(),
    fork: Type.Union([Type.Object(Ref), Type.Null()], { description: "The fork, once the signatures made it" }),
    can: Type.Object({ sign: Type.Boolean() }),
  });

  app.post(
    "/api/v1/communities/:slug/fork-proposals",
    {
      schema: {
        tags,
        summary: "Propose a fork that members make together, where the charter sets forkSignatures (you sign it first); checked now as the fork will be",
        params: SlugParams,
        body: ForkBody,
        response: { 201: ProposalSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await services.forks.propose(request.viewer, request.params.slug, request.body)),
  );

  app.get(
    "/api/v1/communities/:slug/fork-proposals",
    {
      schema: { tags, summary: "The community's fork proposals, for its members (empty for anyone else)", params: SlugParams, response: { 200: Type.Object({ items: Type.Array(ProposalSchema) }), ...errors(404) } },
    },
    async (request) => ({ items: await services.forks.proposals(request.viewer, request.params.slug) }),
  );

  app.post(
    "/api/v1/fork-proposals/:id/signatures",
    {
      schema: {
        tags,
        summary: "Sign a fork proposal (once per account); the signature that reaches the charter's number makes the fork, its proposer the owner",
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: ProposalSchema, ...errors(401, 404, 409) },
      },
    },
    async (request) => services.forks.sign(request.viewer, request.params.id),
  );
}
