/**
 * An archive refused: one sentence saying what is wrong with it, in English (the CLI's
 * language). The web import, when it comes, will want these in the catalogues.
 */
export class ArchiveRefused extends Error {}

export const refuse = (sentence: string): never => {
  throw new ArchiveRefused(sentence);
};
