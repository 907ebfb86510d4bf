/** The bodies the glossary API takes, shared by its routes and its forms (ADR 28). */
import { Type } from "typebox";
import { Text } from "../http/schemas.ts";
import { GLOSSARY_LIMITS } from "../shared/limits.ts";

export const GlossaryTermBody = Type.Object(
  {
    term: Text(1, GLOSSARY_LIMITS.term),
    definition: Text(1, GLOSSARY_LIMITS.definition),
  },
  { additionalProperties: false },
);

export const GlossaryTermSchema = Type.Object({ id: Type.String(), term: Type.String(), definition: Type.String() });

export const GlossaryViewSchema = Type.Object({
  community: Type.Object({ slug: Type.String(), name: Type.String() }),
  terms: Type.Array(GlossaryTermSchema),
  can: Type.Object({ manage: Type.Boolean({ description: "Owners and moderators add and remove terms" }) }),
});
