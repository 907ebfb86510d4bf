/**
 * The dependency direction of docs/ARCHITECTURE.md, checked by `npm run lint`
 * (shared/ARCHITECTURE.md conventions 1 and 11):
 *
 *   routes, pages, jobs, CLI  →  services (+ policies, presenters)  →  repos  →  db
 *
 * Layers, by file name:
 *   web layer  src/http/**, src/web/**, *.routes.ts, *.pages.tsx, *.page.tsx and every other .tsx (JSX is UI)
 *   domain     *.service.ts, *.repo.ts, *.policy.ts, *.presenter.ts, *.job.ts, src/shared, src/events,
 *              src/jobs, src/mail, src/db, and src/runtime.ts, src/composition.ts, src/config.ts
 *   wiring     src/bin/** (the CLI: may build the server and open the runtime)
 *   tests      *.test.ts(x) beside the code, test/, e2e/, bench/
 * Feature helpers with other names (charter.ts, markdown.ts, rate-limiter.ts, a page's
 * charter-form.ts …) are not classed by name; the reachability rule below still keeps
 * anything the worker loads free of Fastify and Preact.
 *
 * Type-only imports count (tsPreCompilationDeps), with one exception: the web layer
 * may `import type` the table types of src/db/schema.ts (e.g. `SpaceVisibility`).
 *
 * Features (docs/adr/0027): every folder src/<name>/ except the shared infrastructure
 * (shared, db, events, jobs, mail, http, web, bin). From another feature a file may import only
 * the feature's public doors, its `*.service.ts` and `*.presenter.ts`; a web-layer file (`*.tsx`,
 * `*.routes.ts`) also its `*.components.tsx`. The patterns live in lint/layers.cjs.
 *
 * `npm run lint` runs three passes over src/, because two rules need a different graph:
 *   1. this file: every rule that looks at one import (tests included, type-only imports count);
 *   2. lint/feature-folders.cjs: no cycle between feature folders (tests and infrastructure left out);
 *   3. lint/value-imports.cjs: no web-layer file reaches a repo or src/db through value imports
 *      (type-only imports erased, as at run time);
 * and then checks that the feature graph in docs/ARCHITECTURE.md is current (scripts/feature-graph.ts).
 */

const {
  COMPONENTS,
  DOMAIN,
  FEATURE_FILE,
  FEATURE_FILE_NAMED,
  FEATURE_WEB_FILE_NAMED,
  FRAMEWORK,
  SERVICE_AND_PRESENTER,
  SHARED_OPTIONS,
  TESTS,
  WEB,
} = require("./lint/layers.cjs");

module.exports = {
  forbidden: [
    {
      name: "feature-only-through-its-doors",
      severity: "error",
      comment:
        "A feature's service is its only door (docs/adr/0027): from another feature import only its " +
        "*.service.ts (types and values) and its *.presenter.ts (view types, present functions) — never its " +
        "*.repo.ts (rows and row types included, `import type` too), its *.policy.ts or another helper. " +
        "Ask that feature's service for what you need; move what is truly shared into src/shared or src/db.",
      from: { path: FEATURE_FILE_NAMED, pathNot: [...TESTS, "\\.tsx$", "\\.routes\\.ts$"] },
      to: { path: FEATURE_FILE, pathNot: ["^src/$1/", ...SERVICE_AND_PRESENTER] },
    },
    {
      name: "web-feature-only-through-its-doors",
      severity: "error",
      comment:
        "A page or route file may use another feature's service, presenter and *.components.tsx " +
        "(docs/adr/0027) — not its pages, repos, policies or helpers. Ask its service, render its components.",
      from: { path: FEATURE_WEB_FILE_NAMED, pathNot: TESTS },
      to: { path: FEATURE_FILE, pathNot: ["^src/$1/", ...SERVICE_AND_PRESENTER, ...COMPONENTS] },
    },
    {
      name: "infrastructure-not-to-features",
      severity: "error",
      comment:
        "src/shared, src/db, src/events, src/jobs and src/mail are used by the features and know none of them " +
        "(docs/adr/0027). A job that belongs to a feature lives in that feature's folder; a type both need lives here.",
      from: { path: "^src/(shared|db|events|jobs|mail)/", pathNot: TESTS },
      to: { path: FEATURE_FILE },
    },
    {
      name: "edges-only-through-doors",
      severity: "error",
      comment:
        "src/http, src/web and src/bin are edges: they register each feature's *.routes.ts and *.pages.tsx and " +
        "may use its service, presenter and components — nothing else of it (docs/adr/0027).",
      from: { path: "^src/(http|web|bin)/", pathNot: TESTS },
      to: {
        path: FEATURE_FILE,
        pathNot: [...SERVICE_AND_PRESENTER, ...COMPONENTS, "\\.routes\\.ts$", "\\.pages\\.tsx$"],
      },
    },
    {
      name: "web-layer-not-to-repos",
      severity: "error",
      comment:
        "Routes and pages call services; only services read and write through repositories " +
        "(conventions 1 and 2: responses go out through presenters, never a raw row). " +
        "Ask the feature's service for what the page needs, shaped by a presenter.",
      from: { path: WEB, pathNot: TESTS },
      to: { path: "\\.repo\\.ts$" },
    },
    {
      name: "web-layer-not-to-db",
      severity: "error",
      comment:
        "Routes and pages never touch the database: no connection, no migrator, no SQL. " +
        "Only `import type` from src/db/schema.ts (table and enum types) is allowed.",
      from: { path: WEB, pathNot: TESTS },
      to: { path: "^src/db/", pathNot: "^src/db/schema\\.ts$" },
    },
    {
      name: "web-layer-schema-types-only",
      severity: "error",
      comment: "The web layer may use the types of src/db/schema.ts, but only with `import type`.",
      from: { path: WEB, pathNot: TESTS },
      to: { path: "^src/db/schema\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "web-layer-not-to-runtime",
      severity: "error",
      comment:
        "Routes and pages get services from the RouteContext; opening the database (src/runtime.ts) " +
        "or building services (src/composition.ts) is wiring, done by src/bin. `import type { Services }` is fine.",
      from: { path: WEB, pathNot: TESTS },
      to: { path: ["^src/runtime\\.ts$", "^src/composition\\.ts$"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "domain-not-to-framework",
      severity: "error",
      comment:
        "Services, repos, policies, presenters, src/shared, src/events, src/jobs, src/mail and src/db " +
        "know nothing of HTTP or HTML (convention 1), so the CLI and workers reuse them without loading " +
        "a web server. Throw an AppError (src/shared/errors.ts) and let the route or page decide the response; " +
        "HTTP-only code goes in *.routes.ts, *.pages.tsx, src/http or src/web.",
      from: { path: DOMAIN, pathNot: TESTS },
      to: { path: [...FRAMEWORK, ...WEB] },
    },
    {
      name: "worker-does-not-load-the-web-layer",
      severity: "error",
      comment:
        "`hearth worker` and the CLI open Hearth through src/runtime.ts and src/composition.ts; nothing they " +
        "reach, however indirectly (a service's helper included), may pull in Fastify, Preact or the web layer.",
      from: { path: ["^src/runtime\\.ts$", "^src/composition\\.ts$"] },
      to: { path: [...FRAMEWORK, ...WEB], reachable: true },
    },
    {
      name: "repos-not-to-services",
      severity: "error",
      comment: "Repositories are the bottom layer: they run queries and never call use cases.",
      from: { path: "\\.repo\\.ts$" },
      to: { path: "\\.service\\.ts$" },
    },
    {
      name: "jobs-and-cli-not-to-repos",
      severity: "error",
      comment:
        "Jobs and CLI commands are edges like routes (convention 1): they call services, which check " +
        "the policy and own the transaction.",
      from: { path: ["^src/bin/", "\\.job\\.ts$"] },
      to: { path: "\\.repo\\.ts$" },
    },
    {
      name: "not-to-test-code",
      severity: "error",
      comment: "Code that ships never imports from test/, e2e/ or bench/ (tests beside the code may use test/helpers).",
      from: { pathNot: ["^(test|e2e|bench)/", ...TESTS] },
      to: { path: "^(test|e2e|bench)/" },
    },
    {
      name: "not-to-dev-dependencies",
      severity: "error",
      comment:
        "Code that ships may not use a devDependency (vitest, playwright-core, smtp-server …): " +
        "`npm ci --omit=dev` would break it. Move the package to dependencies, or keep the code in a test.",
      from: { path: "^src/", pathNot: TESTS },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"], pathNot: ["node_modules/@types/"] },
    },
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Modules that import each other (directly or round a loop) cannot be understood or tested one at a time. " +
        "Move the shared part into a module both import, or pass it in.",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment:
        "An import that cannot be resolved would also hide the other rules' violations. Check the path " +
        "(source imports use the .ts / .tsx extension) or install the package.",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-non-package-json",
      severity: "error",
      comment: "A package used in src/ must be listed in package.json, not just present in node_modules by chance.",
      from: {},
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
  ],
  options: {
    ...SHARED_OPTIONS,
    // Tests beside the code are cruised too, and through them test/helpers, so a cycle
    // through a helper is caught; node_modules is resolved but not walked.
    // `import type` counts as a dependency (marked "type-only"), so type imports obey the rules.
    tsPreCompilationDeps: true,
  },
};
