/** The check-in API's bodies and views (TypeBox): shared by the routes and the check-in form. */
import { Type } from "typebox";
import { CHECKIN_LIMITS } from "../shared/checkin-template.ts";
import { CheckinTemplateSchema } from "../http/schemas.ts";

export const CheckinBody = Type.Object(
  {
    values: Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.Integer(), Type.Boolean(), Type.String({ maxLength: CHECKIN_LIMITS.text })]), {
      maxProperties: CHECKIN_LIMITS.fields,
      description: "An answer per question of the template, by its id: a whole number for a scale, true/false, one of a choice's options, or text (optional)",
    }),
    share: Type.Optional(Type.Boolean({ description: "Count this check-in in the community's weekly summary (never its answers)" })),
  },
  { additionalProperties: false },
);

export const TemplateViewSchema = Type.Intersect([
  CheckinTemplateSchema,
  Type.Object({ general: Type.Boolean({ description: "The general wellbeing check-in, for a community without its own" }) }),
]);

export const CheckinViewSchema = Type.Object({
  id: Type.String(),
  day: Type.String({ description: "YYYY-MM-DD (UTC)" }),
  values: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.Boolean(), Type.String()])),
  shared: Type.Boolean(),
});

export const SummaryViewSchema = Type.Object({
  days: Type.Integer(),
  members: Type.Union([Type.Integer(), Type.Null()], { description: "Members who shared a check-in these days; null when fewer than 5" }),
  fields: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.String(),
      type: Type.Union([Type.Literal("scale"), Type.Literal("boolean")]),
      up: Type.Union([Type.Integer(), Type.Null()], { description: "Members whose answer was higher than their previous shared one; null unless at least 5 are counted and at least 5 are not" }),
      down: Type.Union([Type.Integer(), Type.Null()]),
      yes: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
});
