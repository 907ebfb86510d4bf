import { defineConfig } from "vitest/config";

/**
 * Browser tests: each file starts a real Hearth server as a child process and drives
 * Debian's Chromium with playwright-core. One file at a time: the machine has two
 * cores, and the browser and the server need both.
 */
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    include: ["e2e/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
