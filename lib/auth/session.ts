import "server-only";
// The one way pages, server actions and route handlers learn who is calling and whether
// they may. Pages redirect to /login (keeping the return URL); APIs get 401/403 JSON.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { environmentScope, loadCatalog } from "@/lib/catalog";
import { type Action, can, type EnvironmentScope, type Principal } from "@/lib/domain/roles";
import { getEnv } from "@/lib/env";
import { forbidden, unauthorized } from "@/lib/http/errors";
import { authOptions } from "./options";

export async function getPrincipal(): Promise<Principal | null> {
  const session = await getServerSession(authOptions());
  const u = session?.user;
  if (!u?.id) return null;
  return { id: u.id, email: u.email, name: u.name, grants: u.grants };
}

/** For pages: signed-in principal allowed to `action`, else redirect to sign-in / 403 page. */
export async function requirePagePrincipal(action: Action = "portal.view", env?: string): Promise<Principal> {
  const principal = await getPrincipal();
  if (!principal) {
    const h = await headers();
    const path = h.get("x-nura-path") ?? "/";
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!can(principal, action, scopeOf(env))) redirect(`/forbidden?action=${encodeURIComponent(action)}`);
  return principal;
}

/** For route handlers and server actions: throws 401/403 AppErrors that toResponse maps. */
export async function requireApiPrincipal(action: Action = "portal.view", env?: string): Promise<Principal> {
  const principal = await getPrincipal();
  if (!principal) throw unauthorized();
  authorize(principal, action, env);
  return principal;
}

/** An environment name as the configured catalog classifies it (unknown → protected). */
function scopeOf(env: string | undefined): EnvironmentScope | undefined {
  return env === undefined ? undefined : environmentScope(loadCatalog(getEnv().CATALOG_PATH), env);
}

export function authorize(principal: Principal, action: Action, env?: string): void {
  if (!can(principal, action, scopeOf(env))) {
    throw forbidden(`Your role may not ${action}${env ? ` in ${env}` : ""}`);
  }
}
