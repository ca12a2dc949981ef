import "server-only";
// Service tokens: how Jenkins calls POST /api/promotions. An admin creates one (the secret is shown
// once, only its sha256 is kept) and revokes it; a token acts with the "ci" role, which may request
// promotions (to the environments it is scoped to) and nothing else.
import { z } from "zod";
import type { DbTx } from "@/lib/db";
import type { Principal } from "@/lib/domain/roles";
import { can } from "@/lib/domain/roles";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { conflict, forbidden, notFound, unauthorized } from "@/lib/http/errors";
import { type AuditActor, type AuditContext, recordAudit } from "@/lib/server/audit";
import { bearerToken, hashToken, looksLikeToken, newTokenSecret, sameHash, tokenPrefix } from "./token";

export { bearerToken } from "./token";

import type { ServiceCaller } from "./policy";

export { type ServiceCaller, serviceTokenMay } from "./policy";

export function serviceActor(
  caller: ServiceCaller,
  ctx: { clientIp: string | null; userAgent: string | null },
): AuditActor {
  return {
    id: `service-token:${caller.id}`,
    email: null,
    role: caller.role,
    ip: ctx.clientIp,
    userAgent: ctx.userAgent,
  };
}

export const createServiceTokenSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, "must be 2–63 lowercase letters, digits, '.', '_' or '-'"),
  environments: z
    .array(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "must be an environment name"))
    .max(20)
    .default([]),
  expiresInDays: z.number().int().min(1).max(730).optional(),
});
export type CreateServiceTokenInput = z.input<typeof createServiceTokenSchema>;

export const serviceTokenDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  environments: z.array(z.string()),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ServiceTokenDto = z.infer<typeof serviceTokenDtoSchema>;

const select = {
  id: true,
  name: true,
  role: true,
  environments: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} satisfies Prisma.ServiceTokenSelect;

function toDto(t: Prisma.ServiceTokenGetPayload<{ select: typeof select }>): ServiceTokenDto {
  return {
    ...t,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

function requireAdmin(principal: Principal) {
  if (!can(principal, "config.change")) throw forbidden("Only an admin may create or revoke service tokens");
}

export async function listServiceTokens(db: Pick<PrismaClient, "serviceToken">, principal: Principal) {
  requireAdmin(principal);
  const rows = await db.serviceToken.findMany({ select, orderBy: { createdAt: "desc" } });
  return rows.map(toDto);
}

export async function createServiceToken(
  db: PrismaClient,
  caller: AuditContext & { principal: Principal },
  input: CreateServiceTokenInput,
  knownEnvironments: string[],
): Promise<ServiceTokenDto & { token: string }> {
  requireAdmin(caller.principal);
  const body = createServiceTokenSchema.parse(input);
  const unknown = body.environments.filter((e) => !knownEnvironments.includes(e));
  if (unknown.length)
    throw notFound(`unknown environment "${unknown[0]}" (the catalog has ${knownEnvironments.join(", ")})`);
  const secret = newTokenSecret();
  const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null;
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.serviceToken.create({
        data: {
          name: body.name,
          environments: body.environments,
          tokenHash: hashToken(secret),
          prefix: tokenPrefix(secret),
          createdById: caller.principal.id,
          expiresAt,
        },
        select,
      });
      await recordAudit(tx, {
        action: "config.service_token_created",
        actor: caller.actor,
        correlationId: caller.correlationId,
        target: { type: "config", id: `service-token:${created.id}` },
        details: { name: created.name, role: created.role, environments: created.environments, prefix: created.prefix },
      });
      return created;
    });
    return { ...toDto(row), token: secret };
  } catch (err) {
    if ((err as { code?: string }).code === "P2002")
      throw conflict(`a service token named "${body.name}" already exists`);
    throw err;
  }
}

export async function revokeServiceToken(
  db: PrismaClient,
  caller: AuditContext & { principal: Principal },
  id: string,
) {
  requireAdmin(caller.principal);
  return db.$transaction(async (tx) => {
    const row = await tx.serviceToken.findUnique({ where: { id }, select });
    if (!row) throw notFound("no such service token");
    if (row.revokedAt) throw conflict(`service token "${row.name}" is already revoked`);
    const revoked = await tx.serviceToken.update({
      where: { id },
      data: { revokedAt: new Date(), revokedById: caller.principal.id },
      select,
    });
    await recordAudit(tx, {
      action: "config.service_token_revoked",
      actor: caller.actor,
      correlationId: caller.correlationId,
      target: { type: "config", id: `service-token:${id}` },
      details: { name: row.name, prefix: row.prefix },
    });
    return toDto(revoked);
  });
}

/**
 * The caller of a request with `Authorization: Bearer <token>`: null when the header is absent
 * (the caller may still have a session), 401 when it names no live token.
 */
export async function authenticateServiceToken(
  db: Pick<DbTx, "serviceToken">,
  authorization: string | null,
  now = new Date(),
): Promise<ServiceCaller | null> {
  const secret = bearerToken(authorization);
  if (authorization && !secret) throw unauthorized("Authorization must be 'Bearer <service token>'");
  if (!secret) return null;
  if (!looksLikeToken(secret)) throw unauthorized("The bearer token is not a portal service token");
  const hash = hashToken(secret);
  const row = await db.serviceToken.findUnique({ where: { tokenHash: hash } });
  if (!row || !sameHash(row.tokenHash, hash)) throw unauthorized("Unknown service token");
  if (row.revokedAt) throw unauthorized(`Service token "${row.name}" was revoked`);
  if (row.expiresAt && row.expiresAt <= now) throw unauthorized(`Service token "${row.name}" expired`);
  await db.serviceToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { kind: "service_token", id: row.id, name: row.name, role: "ci", environments: row.environments };
}
