/**
 * The OpenAPI 3.1 document of every /api/v1 route, built from the same schemas that
 * validate requests, served at /api/openapi.json.
 */
import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.ts";

export async function installOpenApi(app: FastifyInstance, config: Config) {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Hearth API",
        version: "1",
        description:
          "Hearth's JSON API. Errors are {error:{code,message,fields}}; lists are {items,nextCursor}. " +
          "Authenticate with the token from POST /api/v1/sessions as `Authorization: Bearer <token>`.",
      },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }, {}],
    },
  });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => {
    const document = app.swagger() as { paths?: Record<string, unknown> };
    const paths = Object.fromEntries(Object.entries(document.paths ?? {}).filter(([path]) => path.startsWith("/api/v1/")));
    return { ...document, paths };
  });
}
