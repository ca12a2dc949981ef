// `prisma generate` without network: the Prisma 7 CLI insists on locating its native
// schema engine even though generating the client never runs it. Any existing file
// satisfies the check (measured; see docs/adr/0004-migrations-without-native-engine.md).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
env.CHECKPOINT_DISABLE = "1";
const result = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
