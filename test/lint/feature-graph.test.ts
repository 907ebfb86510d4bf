/**
 * scripts/feature-graph.ts: how a cruise result becomes the graph of docs/ARCHITECTURE.md, and
 * that the check notices a stale page. (That the committed page is current is checked by
 * `npm run lint` itself.)
 */
import type { ICruiseResult } from "dependency-cruiser";
import { describe, expect, it } from "vitest";
import { END, START, reduceToFeatures, renderGraph, replaceBetweenMarkers } from "../../scripts/feature-graph.ts";

function result(imports: [from: string, to: string, typeOnly?: boolean][]): ICruiseResult {
  const sources = new Set(imports.flatMap(([from, to]) => [from, to]));
  return {
    modules: [...sources].map((source) => ({
      source,
      dependencies: imports
        .filter(([from]) => from === source)
        .map(([, to, typeOnly]) => ({ resolved: to, dependencyTypes: typeOnly ? ["local", "type-only"] : ["local"] })),
    })),
  } as unknown as ICruiseResult;
}

describe("the feature graph", () => {
  const graph = renderGraph(
    reduceToFeatures(
      result([
        ["src/reactions/reactions.service.ts", "src/discussion/discussion.service.ts"],
        ["src/discussion/thread.page.tsx", "src/reactions/reactions.components.tsx"],
        ["src/search/search.service.ts", "src/communities/communities.service.ts", true],
        ["src/search/search.presenter.ts", "src/personas/persona.presenter.ts", true],
        ["src/search/search.test.ts", "src/accounts/accounts.repo.ts"],
        ["src/discussion/discussion.service.ts", "src/shared/text.ts"],
        ["src/jobs/some.job.ts", "src/communities/communities.service.ts", true],
        ["src/http/server.ts", "src/search/search.routes.ts"],
      ]),
    ),
  );

  it("draws feature → feature, a service imported as a type as a call, dotted for view types only or pages only, and leaves tests out", () => {
    expect(graph).toContain("  reactions --> discussion\n");
    expect(graph).toContain("  discussion -. pages .-> reactions\n");
    // Services are passed in, so `import type { CommunitiesService }` is a call.
    expect(graph).toContain("  search --> communities\n");
    expect(graph).toContain("  search -.-> personas\n");
    expect(graph).not.toMatch(/search[^\n]*accounts/);
    expect(graph).toContain("- reactions → discussion\n");
    expect(graph).toContain("- discussion → reactions *(pages)*\n");
    expect(graph).toContain("- search → communities, personas *(types)*\n");
  });

  it("shows infrastructure that imports a feature as not allowed, and the edges and infrastructure as groups", () => {
    expect(graph).toContain('  jobs -->|"not allowed"| communities\n');
    expect(graph).toContain("- src/jobs (infrastructure, not allowed) → communities");
    expect(graph).toContain("  edges --> features\n");
    expect(graph).toContain("  features --> infrastructure\n");
  });

  it("replaces only what is between the markers, so a stale page differs and a current one does not", () => {
    const page = `# Title\n\n${START}\nold graph\n${END}\n\nMore text.\n`;
    const updated = replaceBetweenMarkers(page, graph);
    expect(updated).not.toBe(page);
    expect(updated.startsWith(`# Title\n\n${START}\n${graph}\n${END}`)).toBe(true);
    expect(updated.endsWith("\n\nMore text.\n")).toBe(true);
    expect(replaceBetweenMarkers(updated, graph)).toBe(updated);
    expect(() => replaceBetweenMarkers("# No markers\n", graph)).toThrow(/markers/);
  });
});
