/** The form reader on an API schema: conversions, every problem at once in form order, and the schema's own words. */
import { describe, expect, it } from "vitest";
import { Type } from "typebox";
import { readSchemaForm, serviceProblem } from "./schema-form.ts";
import { invalidFields } from "../shared/errors.ts";

const Body = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 5 }),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
    colour: Type.Union([Type.Literal("red"), Type.Literal("blue")]),
    inner: Type.Object({ note: Type.Optional(Type.Union([Type.String({ maxLength: 3 }), Type.Null()])), open: Type.Boolean() }),
  },
  { additionalProperties: false },
);

const SPEC = {
  name: { label: "Name", required: "Enter a name." },
  size: { label: "Size", as: "number" as const },
  colour: { label: "Colour", choose: "Choose red or blue." },
  note: { label: "Note", path: "inner.note", whenEmpty: "null" as const },
  open: { label: "Open to all", path: "inner.open", as: "checkbox" as const },
};

describe("readSchemaForm", () => {
  it("turns form text into the API's body: numbers, ticked boxes, nested places, empty as null", () => {
    const read = readSchemaForm({ name: "Ann", size: "3", colour: "red", note: "", open: "yes", _csrf: "token" }, Body, SPEC);
    expect(read.fields).toEqual({});
    expect(read.input).toEqual({ name: "Ann", size: 3, colour: "red", inner: { note: null, open: true } });
    expect(readSchemaForm({ name: "Ann", colour: "blue" }, Body, SPEC).input).toEqual({ name: "Ann", colour: "blue", inner: { note: null, open: false } });
  });

  it("finds every problem at once and lists them in form order, in plain words", () => {
    const read = readSchemaForm({ open: "yes", note: "long", colour: "green", size: "many", name: "" }, Body, SPEC);
    expect(read.input).toBeNull();
    expect(Object.entries(read.fields)).toEqual([
      ["name", "Enter a name."],
      ["size", "Enter a whole number, in figures."],
      ["colour", "Choose red or blue."],
      ["note", "Use at most 3 characters. This has 4."],
    ]);
    expect(readSchemaForm({ name: "Ann", colour: "red", size: "12" }, Body, SPEC).fields).toEqual({ size: "Enter a number of at most 9." });
  });

  it("refuses a field sent twice, and puts a service's fields on the form's fields in form order", () => {
    expect(readSchemaForm({ name: ["a", "b"], colour: "red" }, Body, SPEC).fields.name).toMatch(/sent more than once/);
    const problem = serviceProblem(SPEC, invalidFields({ "inner.note": "not that", name: "taken" }));
    expect(Object.entries(problem.fields ?? {})).toEqual([
      ["name", "Taken."],
      ["note", "Not that."],
    ]);
  });
});
