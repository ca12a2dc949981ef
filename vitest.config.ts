import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname), "server-only": path.resolve("tests/support/server-only.ts") };

// Two projects: fast colocated unit tests, and integration tests that talk to real
// PostgreSQL, real git and the sandbox over HTTP (run under scripts/test/with-postgres.sh).
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "components/**/*.test.ts",
            "sandbox/**/*.test.ts",
            "scripts/**/*.test.ts",
            "tests/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/**/*.integration-test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // The WASM schema engine is imported as a WebAssembly ES module.
          execArgv: ["--experimental-wasm-modules", "--no-warnings"],
        },
      },
    ],
  },
});
