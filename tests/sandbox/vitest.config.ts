// The sandbox suite: each file starts its own world (ephemeral ports, temp data dir) and stops it.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    root,
    include: ["tests/sandbox/**/*.integration-test.ts", "sandbox/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
