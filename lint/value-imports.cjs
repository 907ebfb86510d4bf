/**
 * Pass 3 of `npm run lint`: no page or route reaches a repository or src/db through any chain of
 * value imports (docs/adr/0027).
 *
 * web-layer-not-to-repos in .dependency-cruiser.cjs sees only a direct import. A page that takes a
 * value (an error class, a constant) from a module that itself imports a repo loads that repo, and
 * the database code behind it, all the same — `security.pages.tsx` once reached the accounts repo
 * that way through the rate limiter that defined RateLimitedError. Here `reachable: true` follows
 * every chain.
 *
 * The graph is built the way the code runs: tsPreCompilationDeps is false, so `import type` (and an
 * import used only as a type) is erased before the imports are read. Otherwise every page would
 * "reach" everything through `import type { Services }` from src/composition.ts. The table types of
 * src/db/schema.ts stay allowed for the same reason: they exist only as `import type`
 * (web-layer-schema-types-only in the first pass makes sure of that).
 */
const { SHARED_OPTIONS, TESTS, WEB } = require("./layers.cjs");

module.exports = {
  forbidden: [
    {
      name: "web-layer-never-reaches-repos",
      severity: "error",
      comment:
        "This page, route or HTTP module loads a repository or src/db through a chain of value imports " +
        "(shown after 'via'). Pages get services from the RouteContext (`import type` only); a value they " +
        "need (an error class, a limit) belongs in src/shared or in a module that imports no repo.",
      from: { path: WEB, pathNot: TESTS },
      to: { path: ["\\.repo\\.ts$", "^src/db/"], reachable: true },
    },
  ],
  options: {
    ...SHARED_OPTIONS,
    includeOnly: { path: "^src/" },
    exclude: { path: TESTS },
    tsPreCompilationDeps: false,
  },
};
