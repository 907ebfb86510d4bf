/** What export and import tell about their progress; the CLI shows it as a bar or as lines. */
export type Progress = {
  /** A stage begins ("posts"); `total` when it is known. */
  stage(name: string, total?: number): void;
  /** `n` more records of the current stage are done. */
  advance(n: number): void;
  done(): void;
};

export const silent: Progress = { stage() {}, advance() {}, done() {} };
