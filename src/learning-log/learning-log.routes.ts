/** HTTP API for the learning log: the owner's alone (a guest is 401, anyone else's entry the same 404 as none). */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteContext } from "../http/context.ts";
import { errors, Page } from "../http/schemas.ts";
import type { Translator } from "../shared/i18n/translator.ts";
import type { LearningLogService } from "./learning-log.service.ts";
import { learningLogCsv } from "./learning-log-csv.ts";
import { EntryChangesBody, EntrySchema, NewEntryBody, SettingsBody, SettingsSchema } from "./learning-log.schemas.ts";

/** The whole log as a CSV download, from the API and the page alike: never cached. */
export async function sendLearningLogCsv(reply: FastifyReply, learningLog: LearningLogService, viewer: Parameters<LearningLogService["exportLog"]>[0], t: Translator, publicUrl: string) {
  const { entries } = await learningLog.exportLog(viewer);
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", 'attachment; filename="learning-log.csv"')
    .header("cache-control", "private, no-store")
    .send(learningLogCsv(entries, t, publicUrl));
}

export async function learningLogRoutes(fastify: FastifyInstance, { services, config }: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["learning log"];
  const { learningLog } = services;
  const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

  app.get(
    "/api/v1/me/learning-log",
    {
      schema: {
        tags,
        summary: "My learning log, newest first (only ever mine); `format=csv` for the whole log as a spreadsheet, oldest first",
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            format: Type.Optional(Type.Union([Type.Literal("json"), Type.Literal("csv")])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Union([Page(EntrySchema), Type.String()]), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      if (request.query.format === "csv") return sendLearningLogCsv(reply, learningLog, request.viewer, request.i18n, config.publicUrl);
      return learningLog.list(request.viewer, request.query.cursor, request.query.limit);
    },
  );

  app.post(
    "/api/v1/me/learning-log",
    { schema: { tags, summary: "Add an entry of my own (work done elsewhere: a course, a case discussed); its minutes are mine", body: NewEntryBody, response: { 201: EntrySchema, ...errors(400, 401) } } },
    async (request, reply) => reply.status(201).send(await learningLog.addEntry(request.viewer, request.body)),
  );

  app.get(
    "/api/v1/me/learning-log/settings",
    { schema: { tags, summary: "Whether my replies are recorded in my learning log, and the name on its printed page", response: { 200: SettingsSchema, ...errors(401) } } },
    async (request) => learningLog.settings(request.viewer),
  );

  app.put(
    "/api/v1/me/learning-log/settings",
    { schema: { tags, summary: "Turn my learning log on or off (entries made stay), and choose the name on its printed page", body: SettingsBody, response: { 200: SettingsSchema, ...errors(400, 401) } } },
    async (request) => learningLog.updateSettings(request.viewer, request.body),
  );

  app.get(
    "/api/v1/me/learning-log/:id",
    { schema: { tags, summary: "One entry of my learning log", params: IdParams, response: { 200: EntrySchema, ...errors(401, 404) } } },
    async (request) => learningLog.entry(request.viewer, request.params.id),
  );

  app.patch(
    "/api/v1/me/learning-log/:id",
    {
      schema: {
        tags,
        summary: "Say how long an entry took (it is then self-reported, no longer estimated) or write its reflection; a heading left out stays as it was, null clears it",
        params: IdParams,
        body: EntryChangesBody,
        response: { 200: EntrySchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => learningLog.updateEntry(request.viewer, request.params.id, request.body),
  );

  app.delete(
    "/api/v1/me/learning-log/:id",
    { schema: { tags, summary: "Delete an entry of my learning log", params: IdParams, response: { 204: Type.Null(), ...errors(401, 404) } } },
    async (request, reply) => {
      await learningLog.deleteEntry(request.viewer, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
