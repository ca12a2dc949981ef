import { parseRoleMap } from "@/lib/auth/group-roles";
import { loadCatalog } from "@/lib/catalog";
import { getEnv } from "@/lib/env";

/** Validates env, catalog and role map; on failure prints why and exits with EX_CONFIG. */
export function checkConfigurationOrExit(): void {
  try {
    const env = getEnv();
    loadCatalog(env.CATALOG_PATH);
    parseRoleMap(env.OIDC_ROLE_MAP);
  } catch (err) {
    console.error(`nura-portal: refusing to start.\n${(err as Error).message}`);
    process.exit(78);
  }
}
