/**
 * Pass 2 of `npm run lint`: no cycle between feature folders (docs/adr/0027).
 *
 * The file-level `no-circular` of .dependency-cruiser.cjs misses a loop like
 * accounts/accounts.service.ts → personas/personas.service.ts → accounts/me.presenter.ts: no file
 * imports itself again, yet the two features can no longer be understood, tested or changed one at
 * a time. This pass lets dependency-cruiser sum the imports up per folder (`scope: "folder"`) and
 * fails on any feature folder that is part of a folder cycle, directly (A ↔ B) or round a loop.
 *
 * The graph holds the domain files of the features (services, presenters, repos, policies,
 * helpers) and nothing else:
 * - tests are left out (a test may set up another feature's data);
 * - the shared infrastructure is left out (includeOnly): features use it and it imports no feature
 *   (infrastructure-not-to-features, edges-only-through-doors), and through
 *   src/http/context.ts → src/composition.ts every feature would otherwise be "in a cycle";
 * - the web layer of each feature (pages, components, route files) is left out. It sits above every
 *   service: the thread page renders reactions' buttons (*.components.tsx, a public door) while the
 *   reactions service asks the discussion service about the post. That is composition, not a tangle;
 *   counting it would forbid one public door because of another. The first pass still holds each
 *   page and route to the doors of other features.
 * Type-only imports count: a type from another feature is a dependency on it all the same.
 *
 * Folder rules compare folder names, so a feature is expected to be one flat folder (as all are).
 */
const { FEATURE_FILE, FEATURE_FOLDER, SHARED_OPTIONS, TESTS, WEB } = require("./layers.cjs");

module.exports = {
  forbidden: [
    {
      name: "no-feature-folder-cycle",
      scope: "folder",
      severity: "error",
      comment:
        "These feature folders import each other, directly or round a loop (services, presenters, repos, " +
        "policies and helpers; type-only imports count). " +
        "Decide which feature is the lower one and let only the higher one call it; the lower one takes " +
        "what it needs as an argument or an interface it declares (docs/adr/0027).",
      from: { path: FEATURE_FOLDER },
      to: { path: FEATURE_FOLDER, circular: true },
    },
  ],
  options: {
    ...SHARED_OPTIONS,
    includeOnly: { path: FEATURE_FILE },
    exclude: { path: [...TESTS, ...WEB] },
    tsPreCompilationDeps: true,
  },
};
