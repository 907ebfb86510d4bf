/**
 * Generated names for anonymous-professional personas: random, with nothing of the
 * account, the person or the time in them ("Clinician 7QF4K").
 */
import { randomInt } from "node:crypto";

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I, so it can be read aloud

export function generateAnonymousName(): string {
  let code = "";
  for (let i = 0; i < 5; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `Clinician ${code}`;
}
