/**
 * The body the reactions API takes, shared by its route and the reaction buttons' form,
 * which validates with this same schema (ADR 28).
 */
import { Type } from "typebox";

/** The kinds of reaction, as the API names them. */
export const REACTION_KIND_NAMES = ["thanks", "me_too", "hug", "helpful"] as const;

// An enum rather than a union of literals, so a wrong kind is answered with the list of right ones.
export const ReactionKind = Type.Enum([...REACTION_KIND_NAMES], { type: "string", description: "thanks, me_too, hug or helpful" });

export const PersonaChoice = Type.Optional(Type.String({ maxLength: 100, description: "The persona to react as; the personal one when left out" }));

export const ReactionBody = Type.Object({ kind: ReactionKind, personaId: PersonaChoice }, { additionalProperties: false });
