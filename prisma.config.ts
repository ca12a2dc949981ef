// Prisma CLI configuration. The CLI is only used for `prisma generate` here (and for
// `prisma migrate deploy` where the native engine exists); see scripts/db/migrate.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
