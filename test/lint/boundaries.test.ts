/**
 * The dependency rules fail on deliberate violations and pass on code that keeps them
 * (docs/adr/0027). Two small trees laid out like src/ are written to a temp directory and the
 * real dependency-cruiser runs every pass of `npm run lint` (scripts/lint.ts PASSES, with this
 * repository's configs) against each. For every rule the test names exactly the imports it must
 * report; the clean tree must give no violation in any pass.
 */
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPCRUISE, PASSES } from "../../scripts/lint.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

type Files = Record<string, string>;

/**
 * Violations, one feature (or pair) per rule so that each is reported on its own.
 * Files use no JSX and import only each other, so the trees need no node_modules.
 */
const VIOLATIONS: Files = {
  // feature-only-through-its-doors: another feature's row type (type-only counts), its policy, a helper.
  "src/alpha/alpha.service.ts": [
    'import type { BetaRow } from "../beta/beta.repo.ts";',
    'import { mayBeta } from "../beta/beta.policy.ts";',
    'import { betaHelper } from "../beta/beta-helper.ts";',
    'import { betaService } from "../beta/beta.service.ts";',
    "export const alphaService = (row: BetaRow) => mayBeta() && betaHelper() && betaService();",
  ].join("\n"),
  // web-feature-only-through-its-doors: a page importing another feature's page.
  "src/alpha/alpha.pages.tsx": [
    'import { betaPages } from "../beta/beta.pages.tsx";',
    'import { betaComponents } from "../beta/beta.components.tsx";',
    "export const alphaPages = () => betaPages() + betaComponents();",
  ].join("\n"),
  // web-layer-not-to-repos (and so also web-layer-never-reaches-repos): a route file importing its repo.
  "src/alpha/alpha.routes.ts": [
    'import { findAlpha } from "./alpha.repo.ts";',
    "export const alphaRoutes = () => findAlpha();",
  ].join("\n"),
  "src/alpha/alpha.repo.ts": "export const findAlpha = () => 1;",
  "src/beta/beta.repo.ts": "export interface BetaRow { id: string }\nexport const findBeta = () => 2;",
  "src/beta/beta.policy.ts": "export const mayBeta = () => true;",
  "src/beta/beta-helper.ts": "export const betaHelper = () => true;",
  "src/beta/beta.service.ts": "export const betaService = () => true;",
  "src/beta/beta.pages.tsx": 'export const betaPages = () => "beta";',
  "src/beta/beta.components.tsx": 'export const betaComponents = () => "<b>";',
  // infrastructure-not-to-features: shared code importing a feature (a type, even).
  "src/shared/thing.ts": [
    'import type { betaService } from "../beta/beta.service.ts";',
    "export type Thing = typeof betaService;",
  ].join("\n"),
  // edges-only-through-doors: src/http using a feature's helper.
  "src/http/schemas.ts": [
    'import { betaHelper } from "../beta/beta-helper.ts";',
    "export const schemas = betaHelper();",
  ].join("\n"),
  // no-feature-folder-cycle: gamma → delta by value, delta → gamma by a type only, through doors,
  // so no file imports itself again (no-circular stays quiet) and no door rule fires.
  "src/gamma/gamma.service.ts": [
    'import { deltaService } from "../delta/delta.service.ts";',
    "export const gammaService = () => deltaService();",
  ].join("\n"),
  "src/gamma/gamma.presenter.ts": "export interface GammaView { id: string }",
  "src/delta/delta.service.ts": [
    'import type { GammaView } from "../gamma/gamma.presenter.ts";',
    'export const deltaService = (): GammaView => ({ id: "d" });',
  ].join("\n"),
  // web-layer-never-reaches-repos: a page taking a constant from its service, which loads a repo;
  // and a page taking an error class from a helper that loads src/db (the RateLimitedError case).
  "src/epsilon/epsilon.pages.tsx": [
    'import { EPSILON_PAGE_SIZE } from "./epsilon.service.ts";',
    'import { SlowDownError } from "./slow-down.ts";',
    "export const epsilonPages = () => [EPSILON_PAGE_SIZE, new SlowDownError()];",
  ].join("\n"),
  "src/epsilon/epsilon.service.ts": [
    'import { findEpsilon } from "./epsilon.repo.ts";',
    "export const EPSILON_PAGE_SIZE = 50;",
    "export const epsilonService = () => findEpsilon();",
  ].join("\n"),
  "src/epsilon/epsilon.repo.ts": "export const findEpsilon = () => 3;",
  "src/epsilon/slow-down.ts": [
    'import { countHits } from "../db/limiter.ts";',
    "export class SlowDownError extends Error {}",
    "export const hits = () => countHits();",
  ].join("\n"),
  "src/db/limiter.ts": "export const countHits = () => 0;",
};

/** The same kinds of imports, kept within the rules. Any violation here fails the last test. */
const CLEAN: Files = {
  // A service uses another feature's service and presenter, the shared infrastructure and its repo.
  "src/alpha/alpha.service.ts": [
    'import { betaService } from "../beta/beta.service.ts";',
    'import { presentBeta } from "../beta/beta.presenter.ts";',
    'import { clean } from "../shared/text.ts";',
    'import { findAlpha } from "./alpha.repo.ts";',
    "export const ALPHA_PAGE_SIZE = 20;",
    "export const alphaService = () => presentBeta(betaService()) + clean(String(findAlpha()));",
  ].join("\n"),
  "src/alpha/alpha.repo.ts": [
    'import { connect } from "../db/connection.ts";',
    "export const findAlpha = () => connect();",
  ].join("\n"),
  // A page: types of its service and of the composition root (which loads every repo) — type-only,
  // so they reach nothing at run time; another feature's components and presenter; schema types.
  "src/alpha/alpha.pages.tsx": [
    'import type { alphaService } from "./alpha.service.ts";',
    'import type { Services } from "../composition.ts";',
    'import type { Tables } from "../db/schema.ts";',
    'import { betaComponents } from "../beta/beta.components.tsx";',
    'import { presentBeta } from "../beta/beta.presenter.ts";',
    'import { clean } from "../shared/text.ts";',
    "export const alphaPages = (services: Services, run: typeof alphaService, table: Tables) =>",
    "  betaComponents() + presentBeta(1) + clean(String(services)) + String(run) + table;",
  ].join("\n"),
  "src/alpha/alpha.components.tsx": 'export const alphaComponents = () => "<a>";',
  "src/alpha/alpha.routes.ts": [
    'import type { alphaService } from "./alpha.service.ts";',
    "export const alphaRoutes = (run: typeof alphaService) => run();",
  ].join("\n"),
  // A test may set up another feature's rows directly.
  "src/alpha/alpha.test.ts": [
    'import { findBeta } from "../beta/beta.repo.ts";',
    "export const setUp = () => findBeta();",
  ].join("\n"),
  "src/beta/beta.service.ts": [
    'import { findBeta } from "./beta.repo.ts";',
    "export const betaService = () => findBeta();",
  ].join("\n"),
  "src/beta/beta.presenter.ts": [
    'import type { BetaRow } from "./beta.repo.ts";',
    "export const presentBeta = (row: BetaRow | number) => String(row);",
  ].join("\n"),
  "src/beta/beta.repo.ts": "export interface BetaRow { id: string }\nexport const findBeta = () => 2;",
  "src/beta/beta.components.tsx": 'export const betaComponents = () => "<b>";',
  // Beta's page renders alpha's components while alpha's service calls beta's: composition by the
  // web layer, which the folder-cycle rule leaves out.
  "src/beta/beta.pages.tsx": [
    'import { alphaComponents } from "../alpha/alpha.components.tsx";',
    "export const betaPages = () => alphaComponents();",
  ].join("\n"),
  "src/shared/text.ts": "export const clean = (text: string) => text.normalize();",
  "src/db/connection.ts": "export const connect = () => 1;",
  "src/db/schema.ts": "export interface Tables { alpha: { id: string } }",
  "src/composition.ts": [
    'import { alphaService } from "./alpha/alpha.service.ts";',
    'import { findBeta } from "./beta/beta.repo.ts";',
    "export const build = () => ({ alphaService, findBeta });",
    "export type Services = ReturnType<typeof build>;",
  ].join("\n"),
  // The edges register routes and pages.
  "src/http/server.ts": [
    'import { alphaRoutes } from "../alpha/alpha.routes.ts";',
    'import { pages } from "../web/pages.tsx";',
    "export const server = () => [alphaRoutes, pages];",
  ].join("\n"),
  "src/web/pages.tsx": [
    'import { alphaPages } from "../alpha/alpha.pages.tsx";',
    'import { betaPages } from "../beta/beta.pages.tsx";',
    "export const pages = [alphaPages, betaPages];",
  ].join("\n"),
};

interface Violation {
  rule: string;
  severity: string;
  from: string;
  to: string;
}

interface PassResult {
  violations: Violation[];
}

async function writeTree(directory: string, files: Files): Promise<void> {
  const tsconfig = JSON.parse(await readFile(join(root, "tsconfig.json"), "utf8")) as Record<string, unknown>;
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, "tsconfig.json"), JSON.stringify({ ...tsconfig, include: ["src"] }));
  await writeFile(join(directory, "package.json"), JSON.stringify({ name: "fixture", type: "module" }));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), `${text}\n`);
  }
}

function cruise(directory: string, config: string): Promise<PassResult> {
  return new Promise((resolve, reject) => {
    execFile(
      DEPCRUISE,
      ["src", "--config", join(root, config), "--output-type", "json"],
      { cwd: directory, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          const result = JSON.parse(stdout) as {
            summary: { violations: { rule: { name: string; severity: string }; from: string; to: string }[] };
          };
          resolve({
            violations: result.summary.violations.map((v) => ({
              rule: v.rule.name,
              severity: v.rule.severity,
              from: v.from,
              to: v.to,
            })),
          });
        } catch {
          reject(new Error(`depcruise --config ${config} gave no result (${error?.message}): ${stderr}`));
        }
      },
    );
  });
}

async function lintTree(directory: string): Promise<PassResult[]> {
  return Promise.all(PASSES.map((pass) => cruise(directory, pass.config)));
}

const pairs = (violations: Violation[], rule: string) =>
  violations
    .filter((v) => v.rule === rule)
    .map((v) => `${v.from} → ${v.to}`)
    .sort();

let workDirectory: string;
let dirty: PassResult[];
let clean: PassResult[];

beforeAll(async () => {
  workDirectory = await mkdtemp(join(tmpdir(), "hearth-lint-"));
  await writeTree(join(workDirectory, "violations"), VIOLATIONS);
  await writeTree(join(workDirectory, "clean"), CLEAN);
  [dirty, clean] = await Promise.all([
    lintTree(join(workDirectory, "violations")),
    lintTree(join(workDirectory, "clean")),
  ]);
}, 120_000);

afterAll(async () => {
  if (workDirectory) await rm(workDirectory, { recursive: true, force: true });
});

describe("the dependency rules", () => {
  const all = () => dirty.flatMap((pass) => pass.violations);

  it("npm run lint runs every pass, and every pass fails on the deliberate violations", async () => {
    const packageJson = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(packageJson.scripts.lint).toBe("tsx scripts/lint.ts");
    expect(PASSES.map((pass) => pass.config)).toEqual([
      ".dependency-cruiser.cjs",
      "lint/feature-folders.cjs",
      "lint/value-imports.cjs",
    ]);
    // Every pass reports something, and only errors, which is what makes depcruise (and so
    // `npm run lint` and CI) exit non-zero.
    expect(dirty.map((pass) => pass.violations.length > 0)).toEqual([true, true, true]);
    expect(new Set(all().map((v) => v.severity))).toEqual(new Set(["error"]));
  });

  it("feature-only-through-its-doors: another feature's repo (a row type too), policy or helper", () => {
    expect(pairs(all(), "feature-only-through-its-doors")).toEqual([
      "src/alpha/alpha.service.ts → src/beta/beta-helper.ts",
      "src/alpha/alpha.service.ts → src/beta/beta.policy.ts",
      "src/alpha/alpha.service.ts → src/beta/beta.repo.ts",
    ]);
  });

  it("web-feature-only-through-its-doors: a page may render another feature's components, not its pages", () => {
    expect(pairs(all(), "web-feature-only-through-its-doors")).toEqual([
      "src/alpha/alpha.pages.tsx → src/beta/beta.pages.tsx",
    ]);
  });

  it("infrastructure-not-to-features: src/shared imports no feature, not even a type", () => {
    expect(pairs(all(), "infrastructure-not-to-features")).toEqual([
      "src/shared/thing.ts → src/beta/beta.service.ts",
    ]);
  });

  it("edges-only-through-doors: src/http uses a feature's doors, not its helpers", () => {
    expect(pairs(all(), "edges-only-through-doors")).toEqual(["src/http/schemas.ts → src/beta/beta-helper.ts"]);
  });

  it("web-layer-not-to-repos: a route file importing a repository", () => {
    expect(pairs(all(), "web-layer-not-to-repos")).toEqual(["src/alpha/alpha.routes.ts → src/alpha/alpha.repo.ts"]);
  });

  it("no-feature-folder-cycle: two features importing each other through their doors, one by a type only", () => {
    expect(pairs(dirty[1]!.violations, "no-feature-folder-cycle")).toEqual([
      "src/delta → src/gamma",
      "src/gamma → src/delta",
    ]);
    // No file imports itself again: only the folder rule sees this loop.
    expect(pairs(all(), "no-circular")).toEqual([]);
  });

  it("web-layer-never-reaches-repos: a page reaching a repo or src/db through a chain of value imports", () => {
    expect(pairs(dirty[2]!.violations, "web-layer-never-reaches-repos")).toEqual([
      "src/alpha/alpha.routes.ts → src/alpha/alpha.repo.ts",
      "src/epsilon/epsilon.pages.tsx → src/db/limiter.ts",
      "src/epsilon/epsilon.pages.tsx → src/epsilon/epsilon.repo.ts",
    ]);
  });

  it("the clean tree passes every pass: doors, type-only imports of services and Services, tests, web composition", () => {
    expect(clean.map((pass) => pass.violations)).toEqual([[], [], []]);
  });
});
