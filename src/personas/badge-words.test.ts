/**
 * A badge in the reader's language (issue 9): the capacity's words, and an anonymous
 * clinician's field from the shared vocabulary; a named clinician's specialty is their own
 * text and stays as they wrote it. The API's English label is the input.
 */
import { describe, expect, it } from "vitest";
import { translatorFor } from "../shared/i18n/translator.ts";
import { capacityLabelIn } from "./persona.presenter.ts";

const cy = translatorFor("cy");

describe("a badge's words", () => {
  it("say an anonymous clinician's field in Welsh, from the vocabulary", () => {
    expect(capacityLabelIn({ capacity: "verified_clinician_anonymous", capacityLabel: "Verified clinician, anonymous · Respiratory" }, cy)).toBe("Clinigwr wedi'i wirio, dienw · Anadlol");
  });

  it("keep a named clinician's own specialty as written, and English as it was", () => {
    expect(capacityLabelIn({ capacity: "verified_clinician", capacityLabel: "Verified clinician · Respiratory physiotherapist" }, cy)).toBe("Clinigwr wedi'i wirio · Respiratory physiotherapist");
    expect(capacityLabelIn({ capacity: "verified_clinician_anonymous", capacityLabel: "Verified clinician, anonymous · Respiratory" }, translatorFor("en-GB"))).toBe("Verified clinician, anonymous · Respiratory");
  });
});
