import "server-only";
// The caller of an infra route: signed-in principal, audit actor and request id.
import { requireApiPrincipal } from "@/lib/auth/session";
import { primaryRole } from "@/lib/domain/roles";
import { actorFromRequest } from "@/lib/server/audit";
import type { Caller } from "./types";

export async function routeCaller(request: Request): Promise<Caller & { principal: NonNullable<Caller["principal"]> }> {
  const principal = await requireApiPrincipal("portal.view");
  return {
    principal,
    actor: actorFromRequest(principal, primaryRole(principal), request.headers),
    correlationId: request.headers.get("x-request-id"),
  };
}
