// Seeds the sandbox sign-in users (one per role, two approvers). Idempotent.
// Run after migrations: `npm run db:seed` (make demo does both).

import { SANDBOX_PASSWORD, SANDBOX_USERS } from "../lib/auth/sandbox-users";
import { createAdapter } from "../lib/db-adapter";
import { getEnv } from "../lib/env";
import { PrismaClient } from "../lib/generated/prisma/client";

async function main() {
  const adapter = await createAdapter(getEnv());
  const db = new PrismaClient({ adapter: adapter.factory });
  try {
    for (const u of SANDBOX_USERS) {
      const user = await db.user.upsert({
        where: { email: u.email },
        create: { email: u.email, name: u.name, source: "sandbox" },
        update: { name: u.name, source: "sandbox" },
        select: { id: true },
      });
      await db.roleMembership.deleteMany({ where: { userId: user.id } });
      await db.roleMembership.create({ data: { userId: user.id, role: u.role, environment: null } });
    }
    console.log(`Sandbox users (password "${SANDBOX_PASSWORD}"):`);
    for (const u of SANDBOX_USERS) console.log(`  ${u.email.padEnd(24)} ${u.role.padEnd(10)} ${u.name}`);
  } finally {
    await db.$disconnect();
    await adapter.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
