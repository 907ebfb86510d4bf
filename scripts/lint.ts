/**
 * `npm run lint`: the dependency rules of docs/ARCHITECTURE.md and docs/adr/0027, in three
 * dependency-cruiser passes over src/, then the freshness check of the feature graph and the
 * check of the message catalogues (scripts/i18n-check.ts). Every pass
 * runs even when an earlier one fails, so one run shows every violation; the exit code is 1 if
 * any failed.
 *
 *   npm run lint                          lint src/ of this repository
 *   tsx scripts/lint.ts --cwd <dir>       run the three passes with this repository's configs against
 *                                         <dir>/src (test/lint/boundaries.test.ts does this on fixtures)
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** The three passes, each with the config that holds its rules. */
export const PASSES = [
  { config: ".dependency-cruiser.cjs", what: "the import rules (type-only imports count, tests included)" },
  { config: "lint/feature-folders.cjs", what: "no cycle between feature folders (their services, presenters, repos, policies, helpers)" },
  { config: "lint/value-imports.cjs", what: "no page reaches a repo or src/db through value imports" },
] as const;

export const DEPCRUISE = join(root, "node_modules", ".bin", "depcruise");

function run(command: string, args: string[], cwd: string): number {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function main(): void {
  const cwdFlag = process.argv.indexOf("--cwd");
  const cwd = cwdFlag >= 0 ? process.argv[cwdFlag + 1]! : root;
  let failed = 0;
  for (const pass of PASSES) {
    console.log(`\n── dependency-cruiser: ${pass.what} (${pass.config})`);
    if (run(DEPCRUISE, ["src", "--config", join(root, pass.config)], cwd) !== 0) failed += 1;
  }
  if (cwd === root) {
    console.log("\n── the feature graph in docs/ARCHITECTURE.md");
    const tsx = join(root, "node_modules", ".bin", "tsx");
    if (run(tsx, [join(root, "scripts", "feature-graph.ts"), "--check"], root) !== 0) {
      failed += 1;
    }
    console.log("\n── the message catalogues (scripts/i18n-check.ts)");
    if (run(tsx, [join(root, "scripts", "i18n-check.ts")], root) !== 0) failed += 1;
  }
  if (failed > 0) {
    console.error(`\n✘ npm run lint: ${failed} of the checks above failed.`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
