/**
 * The folders and file names the dependency rules talk about, shared by the three passes of
 * `npm run lint` (.dependency-cruiser.cjs, lint/feature-folders.cjs, lint/value-imports.cjs)
 * and by scripts/feature-graph.ts. docs/adr/0027-feature-boundaries-and-the-lint.md explains them.
 */

/** Shared infrastructure: folders of src/ that are not features. */
const INFRASTRUCTURE = ["shared", "db", "events", "jobs", "mail", "http", "web", "bin"];
const NOT_INFRASTRUCTURE = `(?!(?:${INFRASTRUCTURE.join("|")})/)`;

/** Any file in a feature folder: src/<feature>/… where <feature> is not infrastructure. */
const FEATURE_FILE = `^src/${NOT_INFRASTRUCTURE}[^/]+/`;
/** The same, capturing the feature's name as $1 (dependency-cruiser's group matching). */
const FEATURE_FILE_NAMED = `^src/${NOT_INFRASTRUCTURE}([^/]+)/`;
/** A feature folder itself (folder-scoped rules match folder names such as "src/accounts"). */
const FEATURE_FOLDER = `^src/${NOT_INFRASTRUCTURE.replace("/)", "$)")}[^/]+$`;

/** A feature's public doors: what another feature may import. */
const SERVICE_AND_PRESENTER = ["\\.service\\.ts$", "\\.presenter\\.ts$"];
/** ... and what a web-layer file (a page, a route file) may also import: the feature's components. */
const COMPONENTS = ["\\.components\\.tsx$"];
/** Web-layer files inside a feature: anything with JSX, and route files. */
const FEATURE_WEB_FILE_NAMED = `${FEATURE_FILE_NAMED}.*(\\.tsx|\\.routes\\.ts)$`;

/** The web layer: HTTP plumbing, server-rendered pages and their components, route files. */
const WEB = ["^src/http/", "^src/web/", "\\.routes\\.ts$", "\\.pages?\\.tsx$", "\\.tsx$"];
/** The domain: use cases and everything below them. */
const DOMAIN = [
  "\\.service\\.ts$",
  "\\.repo\\.ts$",
  "\\.policy\\.ts$",
  "\\.presenter\\.ts$",
  "\\.job\\.ts$",
  "^src/(shared|events|jobs|mail|db)/",
  "^src/(runtime|composition|config)\\.ts$",
];
/** HTTP and HTML frameworks (rules match resolved paths, so these are node_modules folders). */
const FRAMEWORK = ["(^|/)node_modules/(fastify|@fastify|light-my-request|preact|preact-render-to-string)/"];
/** Tests beside the code. */
const TESTS = ["\\.test\\.tsx?$", "\\.spec\\.tsx?$"];
/** Tests beside the code and the test trees. */
const ALL_TESTS = [...TESTS, "^(test|e2e|bench)/"];

/**
 * Options every pass shares: resolve the .ts / .tsx extension imports of this code base the way
 * tsc does; node_modules is resolved but not walked.
 */
const SHARED_OPTIONS = {
  doNotFollow: { path: "node_modules" },
  tsConfig: { fileName: "tsconfig.json" },
  enhancedResolveOptions: {
    exportsFields: ["exports"],
    conditionNames: ["import", "require", "node", "default", "types"],
    mainFields: ["module", "main", "types", "typings"],
    extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
  },
  skipAnalysisNotInRules: true,
  reporterOptions: {
    text: { highlightFocused: true },
  },
};

module.exports = {
  INFRASTRUCTURE,
  FEATURE_FILE,
  FEATURE_FILE_NAMED,
  FEATURE_FOLDER,
  FEATURE_WEB_FILE_NAMED,
  SERVICE_AND_PRESENTER,
  COMPONENTS,
  WEB,
  DOMAIN,
  FRAMEWORK,
  TESTS,
  ALL_TESTS,
  SHARED_OPTIONS,
};
