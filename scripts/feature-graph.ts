/**
 * The feature graph of docs/ARCHITECTURE.md ("Which feature may call which"), generated, never
 * hand-edited (docs/adr/0027).
 *
 *   npm run graph            cruise src/ and write the graph between the markers
 *   npm run graph -- --check fail when the committed graph differs (npm run lint does this)
 *
 * It asks dependency-cruiser for every import between the files of src/ (tests left out,
 * type-only imports counted, the same graph as lint/feature-folders.cjs plus the infrastructure),
 * sums them up per top-level folder, and writes a Mermaid flowchart and a plain list.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseOptions, type ICruiseResult } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const require = createRequire(import.meta.url);
const layers = require("../lint/layers.cjs") as {
  INFRASTRUCTURE: string[];
  TESTS: string[];
  WEB: string[];
  SHARED_OPTIONS: ICruiseOptions;
};

export const START = "<!-- feature-graph:start -->";
export const END = "<!-- feature-graph:end -->";

/** Infrastructure that features use and that imports no feature. */
const BELOW = ["shared", "db", "events", "jobs", "mail"];
/** Edges that register each feature's routes and pages. */
const EDGES = ["http", "web", "bin"];

/**
 * How one feature uses another: "value" (it calls the other's service, or imports a value),
 * "types" (it imports only the other's view types), or "pages" (only its web layer does: pages, components, route
 * files, which compose other features and are left out of the cycle rule).
 */
export type Call = "value" | "types" | "pages";

const strongest = (a: Call | undefined, b: Call): Call =>
  a === "value" || b === "value" ? "value" : a === "types" || b === "types" ? "types" : "pages";

export interface FeatureGraph {
  features: string[];
  /** feature → feature → how it is imported */
  calls: Map<string, Map<string, Call>>;
  /** infrastructure folder → features it imports (should stay empty for BELOW) */
  infrastructureToFeatures: Map<string, Set<string>>;
  featuresUseInfrastructure: boolean;
  edgesUseFeatures: boolean;
}

function folderOf(path: string): string | null {
  const match = /^src\/([^/]+)\//.exec(path);
  return match ? match[1]! : null;
}

const isTest = (path: string) => layers.TESTS.some((pattern) => new RegExp(pattern).test(path));
const isWeb = (path: string) => layers.WEB.some((pattern) => new RegExp(pattern).test(path));

/** Reduces a cruise result (modules and their dependencies) to folders. */
export function reduceToFeatures(result: ICruiseResult): FeatureGraph {
  const infrastructure = new Set(layers.INFRASTRUCTURE);
  const features = new Set<string>();
  const calls = new Map<string, Map<string, Call>>();
  const infrastructureToFeatures = new Map<string, Set<string>>();
  let featuresUseInfrastructure = false;
  let edgesUseFeatures = false;

  for (const module of result.modules) {
    const from = folderOf(module.source);
    if (from === null || isTest(module.source)) continue;
    if (!infrastructure.has(from)) features.add(from);
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (to === null || to === from || isTest(dependency.resolved)) continue;
      // A service imported only as a type is still called: services are passed in by the
      // composition root, so `import type { XService }` is how one feature calls another.
      const call: Call = isWeb(module.source)
        ? "pages"
        : dependency.dependencyTypes.includes("type-only") && !/\.service\.ts$/.test(dependency.resolved)
          ? "types"
          : "value";
      if (!infrastructure.has(from) && !infrastructure.has(to)) {
        const row = calls.get(from) ?? new Map<string, Call>();
        row.set(to, strongest(row.get(to), call));
        calls.set(from, row);
      } else if (!infrastructure.has(from)) {
        featuresUseInfrastructure = true;
      } else if (!infrastructure.has(to)) {
        features.add(to);
        if (EDGES.includes(from)) edgesUseFeatures = true;
        else infrastructureToFeatures.set(from, (infrastructureToFeatures.get(from) ?? new Set()).add(to));
      }
    }
  }
  return {
    features: [...features].sort(),
    calls,
    infrastructureToFeatures,
    featuresUseInfrastructure,
    edgesUseFeatures,
  };
}

const id = (folder: string) => folder.replace(/[^a-z0-9]/gi, "_");

/** The Markdown between the markers: a Mermaid flowchart, then the same as a list. */
export function renderGraph(graph: FeatureGraph): string {
  const lines: string[] = ["```mermaid", "flowchart LR"];
  lines.push('  subgraph edges["src/http, src/web, src/bin: register routes and pages"]');
  for (const folder of EDGES) lines.push(`    ${id(folder)}[${folder}]`);
  lines.push("  end");
  lines.push('  subgraph features["features"]');
  for (const feature of graph.features) lines.push(`    ${id(feature)}[${feature}]`);
  lines.push("  end");
  lines.push('  subgraph infrastructure["shared infrastructure: imports no feature"]');
  for (const folder of BELOW) lines.push(`    ${id(folder)}[${folder}]`);
  lines.push("  end");
  for (const feature of graph.features) {
    for (const [to, call] of [...(graph.calls.get(feature) ?? [])].sort(([a], [b]) => a.localeCompare(b))) {
      const arrow = call === "value" ? "-->" : call === "types" ? "-.->" : "-. pages .->";
      lines.push(`  ${id(feature)} ${arrow} ${id(to)}`);
    }
  }
  for (const [from, tos] of [...graph.infrastructureToFeatures].sort(([a], [b]) => a.localeCompare(b))) {
    for (const to of [...tos].sort()) lines.push(`  ${id(from)} -->|"not allowed"| ${id(to)}`);
  }
  if (graph.edgesUseFeatures) lines.push("  edges --> features");
  if (graph.featuresUseInfrastructure) lines.push("  features --> infrastructure");
  lines.push("```", "");
  lines.push("Feature → the features it calls; *(types)*: only their view types; *(pages)*: only its pages and route files.", "");
  for (const feature of graph.features) {
    const row = [...(graph.calls.get(feature) ?? [])].sort(([a], [b]) => a.localeCompare(b));
    const called = row.map(([to, call]) => (call === "value" ? to : `${to} *(${call})*`));
    lines.push(`- ${feature} → ${called.length > 0 ? called.join(", ") : "no other feature"}`);
  }
  for (const [from, tos] of [...graph.infrastructureToFeatures].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`- src/${from} (infrastructure, not allowed) → ${[...tos].sort().join(", ")}`);
  }
  return lines.join("\n");
}

/** Puts the graph between the markers of a Markdown page. */
export function replaceBetweenMarkers(page: string, graph: string): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`docs/ARCHITECTURE.md has no ${START} … ${END} markers to write the feature graph between.`);
  }
  return `${page.slice(0, start + START.length)}\n${graph}\n${page.slice(end)}`;
}

export async function cruiseFeatures(directory = "src"): Promise<FeatureGraph> {
  const options: ICruiseOptions = {
    ...layers.SHARED_OPTIONS,
    includeOnly: { path: "^src/" },
    exclude: { path: layers.TESTS },
    tsPreCompilationDeps: true,
    outputType: "json",
  };
  const { output } = await cruise([directory], options, {}, { tsConfig: extractTSConfig("tsconfig.json") });
  const result = (typeof output === "string" ? JSON.parse(output) : output) as ICruiseResult;
  return reduceToFeatures(result);
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const pagePath = fileURLToPath(new URL("../docs/ARCHITECTURE.md", import.meta.url));
  const page = readFileSync(pagePath, "utf8");
  const updated = replaceBetweenMarkers(page, renderGraph(await cruiseFeatures()));
  if (check) {
    if (updated !== page) {
      console.error(
        "✘ The feature graph in docs/ARCHITECTURE.md is stale: the imports between features changed. " +
          "Run npm run graph and commit the page.",
      );
      process.exitCode = 1;
    } else {
      console.log("✔ The feature graph in docs/ARCHITECTURE.md is current.");
    }
    return;
  }
  if (updated !== page) writeFileSync(pagePath, updated);
  console.log(updated !== page ? "Wrote the feature graph into docs/ARCHITECTURE.md." : "The feature graph was already current.");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
