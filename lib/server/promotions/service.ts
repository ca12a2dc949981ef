// The promotion service: request, approve, reject, cancel, roll back. Each action parses its
// input, checks the caller's role for the target environment, then writes the state change, its
// audit event, its Slack message and (when it starts execution) the executor's job in ONE
// transaction, under a row lock on the promotion (approvals) or an advisory lock on
// application × environment (requests), so concurrent callers serialise and exactly one wins.
import type { ApplicationConfig, Catalog, EnvironmentConfig } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import { can, type Principal } from "@/lib/domain/roles";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { AppError, badRequest, conflict, forbidden, notFound } from "@/lib/http/errors";
import type { ArgoCdApi } from "@/lib/integrations/argocd/api";
import type { AuditActor } from "@/lib/server/audit/record";
import { recordAudit } from "@/lib/server/audit/record";
import { type ServiceCaller, serviceTokenMay } from "@/lib/server/service-tokens/policy";
import { EXECUTING_STATES, type PromotionRow } from "./executor";
import { type Notifier, promotionSnapshot } from "./notify";
import { policyFor } from "./policy";
import type { GitOpsPort } from "./ports";

/** Not finished: a second request for the same application × environment is refused meanwhile. */
export const IN_FLIGHT_STATES = ["requested", ...EXECUTING_STATES] as const;

export type Caller =
  | { kind: "user"; principal: Principal; actor: AuditActor; correlationId: string }
  | { kind: "service_token"; token: ServiceCaller; actor: AuditActor; correlationId: string };

export interface ServiceDeps {
  db: PrismaClient;
  catalog: () => Promise<Catalog>;
  git: Pick<GitOpsPort, "readTarget">;
  argocd: Pick<ArgoCdApi, "getApplication">;
  notify: Notifier;
  /** Enqueues the executor's job for the promotion inside `tx`. */
  enqueueExecute: (tx: DbTx, promotionId: string) => Promise<void>;
  now: () => Date;
}

export interface RequestInput {
  application: string;
  toEnvironment: string;
  /** Defaults to the tag that runs in the source environment; if given it must be that tag. */
  imageTag?: string;
  fromEnvironment?: string;
  reason?: string;
  /** Admins only: promote into a freeze window, with this written reason. */
  freezeOverrideReason?: string;
}

const include = { approvals: { orderBy: { createdAt: "asc" } } } satisfies Prisma.PromotionInclude;

function resolve(catalog: Catalog, application: string, toEnvironment: string) {
  const app = catalog.applications.find((a) => a.name === application);
  if (!app) {
    throw notFound(
      `unknown application "${application}" (the catalog has ${catalog.applications.map((a) => a.name).join(", ")})`,
    );
  }
  const to = catalog.environments.find((e) => e.name === toEnvironment);
  if (!to) {
    throw notFound(
      `unknown environment "${toEnvironment}" (the catalog has ${catalog.environments.map((e) => e.name).join(", ")})`,
    );
  }
  return { app, to };
}

/** The environment an image comes from on its way to `to` (the one before it in promotionPath). */
export function sourceEnvironment(catalog: Catalog, to: string, from?: string): string {
  const i = catalog.promotionPath.indexOf(to);
  if (i < 0) throw badRequest(`${to} is not on the promotion path (${catalog.promotionPath.join(" → ")})`);
  if (i === 0) throw badRequest(`${to} is the first environment of the promotion path: nothing is promoted into it`);
  const expected = catalog.promotionPath[i - 1]!;
  if (from !== undefined && from !== expected) {
    throw badRequest(
      `wrong order of environments: ${to} is promoted from ${expected}, not from ${from} (${catalog.promotionPath.join(" → ")})`,
    );
  }
  return expected;
}

function callerIdentity(c: Caller): { id: string; name: string; email: string; via: "user" | "service_token" } {
  return c.kind === "user"
    ? { id: c.principal.id, name: c.principal.name, email: c.principal.email, via: "user" }
    : {
        id: c.token.id,
        name: `ci:${c.token.name}`,
        email: `${c.token.name}@service-token.nura.invalid`,
        via: "service_token",
      };
}

function authorizeRequest(c: Caller, env: string) {
  const ok =
    c.kind === "user" ? can(c.principal, "promotion.request", env) : serviceTokenMay(c.token, "promotion.request", env);
  if (!ok) {
    throw forbidden(
      c.kind === "user"
        ? `Your role may not request promotions to ${env}`
        : `Service token "${c.token.name}" may not request promotions to ${env}`,
    );
  }
}

/** Serialises requests per application × environment until the transaction ends. */
async function lockTarget(tx: DbTx, application: string, environment: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`promotion:${application}/${environment}`}, 0))`;
}

async function lockPromotion(tx: DbTx, id: string): Promise<PromotionRow> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM promotion WHERE id = ${id}::uuid FOR UPDATE`;
  if (!rows.length) throw notFound("no such promotion");
  return (await tx.promotion.findUnique({ where: { id }, include }))!;
}

function audit(
  tx: DbTx,
  c: Caller,
  p: { id: string; application: string; toEnvironment: string },
  action: Parameters<typeof recordAudit>[1]["action"],
  details: Prisma.InputJsonObject,
  outcome: "success" | "failure" = "success",
) {
  return recordAudit(tx, {
    action,
    outcome,
    actor: c.actor,
    environment: p.toEnvironment,
    application: p.application,
    target: { type: "promotion", id: p.id },
    correlationId: c.correlationId,
    details: details as Record<string, never>,
  });
}

export async function requestPromotion(deps: ServiceDeps, caller: Caller, input: RequestInput): Promise<PromotionRow> {
  const catalog = await deps.catalog();
  const { app, to } = resolve(catalog, input.application, input.toEnvironment);
  const from = sourceEnvironment(catalog, to.name, input.fromEnvironment);
  authorizeRequest(caller, to.name);
  const policy = policyFor(catalog, to.name);
  const now = deps.now();

  const freeze = policy.freezeAt(now);
  let override: { by: string; reason: string } | null = null;
  if (freeze) {
    const reason = input.freezeOverrideReason?.trim();
    const isAdmin = caller.kind === "user" && can(caller.principal, "config.change", to.name);
    if (!reason) throw conflict(`${to.name} is frozen (${freeze}); an admin may override with a written reason`);
    if (!isAdmin) throw forbidden(`${to.name} is frozen (${freeze}); only an admin may override the freeze`);
    override = { by: caller.principal.id, reason };
  } else if (input.freezeOverrideReason) {
    throw badRequest(`${to.name} is not frozen: freezeOverrideReason is only for freeze windows`);
  }

  const source = await deps.argocd.getApplication(app.argocdApps[from]!);
  const liveTag = source.imageTag;
  if (!liveTag) throw conflict(`no image tag runs in ${from} for ${app.name}: nothing to promote`);
  if (input.imageTag !== undefined && input.imageTag !== liveTag) {
    throw conflict(
      `${input.imageTag} is not the tag running in ${from} (${liveTag}); only what runs in ${from} can be promoted`,
    );
  }
  const target = await deps.git.readTarget(app, to.name);
  if (target.currentTag === liveTag) {
    throw conflict(`no newer tag: ${to.name} already runs ${liveTag}, the tag live in ${from}`);
  }
  const who = callerIdentity(caller);
  const autoApproved = policy.approvalsRequired === 0;

  return deps.db.$transaction(async (tx) => {
    await lockTarget(tx, app.name, to.name);
    const busy = await tx.promotion.findFirst({
      where: { application: app.name, toEnvironment: to.name, status: { in: [...IN_FLIGHT_STATES] } },
      select: { id: true, status: true, imageTag: true },
    });
    if (busy) {
      throw conflict(
        `a promotion of ${app.name} to ${to.name} is already in flight (${busy.imageTag}, ${busy.status})`,
        {
          promotionId: busy.id,
        },
      );
    }
    const created = await tx.promotion.create({
      data: {
        application: app.name,
        fromEnvironment: from,
        toEnvironment: to.name,
        imageTag: liveTag,
        previousTag: target.currentTag,
        targetValuesSha: target.blobSha,
        status: autoApproved ? "approved" : "requested",
        requestedById: who.id,
        requestedVia: who.via,
        requesterName: who.name,
        requesterEmail: who.email,
        reason: input.reason ?? null,
        freezeOverrideById: override?.by ?? null,
        freezeOverrideReason: override?.reason ?? null,
      },
      include,
    });
    await deps.notify(tx, "requested", promotionSnapshot(created, policy.approvalsRequired));
    if (autoApproved) await deps.enqueueExecute(tx, created.id);
    else await deps.notify(tx, "approval_needed", promotionSnapshot(created, policy.approvalsRequired));
    await audit(tx, caller, created, "promotion.requested", {
      imageTag: liveTag,
      previousTag: target.currentTag,
      fromEnvironment: from,
      targetValuesSha: target.blobSha,
      valuesPath: target.valuesPath,
      approvalsRequired: policy.approvalsRequired,
      requestedVia: who.via,
      ...(override ? { freezeOverride: { reason: override.reason, freeze } } : {}),
      ...(input.reason ? { reason: input.reason } : {}),
    });
    return created;
  });
}

/** Live approvals: approved, not voided, not expired. */
export function liveApprovals(p: PromotionRow, now: Date) {
  return p.approvals.filter((a) => a.decision === "approved" && !a.voidedAt && (!a.expiresAt || a.expiresAt > now));
}

export async function approvePromotion(
  deps: ServiceDeps,
  caller: Extract<Caller, { kind: "user" }>,
  id: string,
  input: { comment?: string },
): Promise<PromotionRow> {
  const catalog = await deps.catalog();
  return deps.db.$transaction(async (tx) => {
    const p = await lockPromotion(tx, id);
    const policy = policyFor(catalog, p.toEnvironment);
    const now = deps.now();
    if (p.status !== "requested")
      throw conflict(`the promotion is ${p.status.replace(/_/g, " ")}, not awaiting approval`);
    if (!can(caller.principal, "promotion.approve", p.toEnvironment)) {
      throw forbidden(`approving in ${p.toEnvironment} needs the approver or admin role there`);
    }
    if (caller.principal.id === p.requestedById) {
      throw forbidden("you requested this promotion; someone else must approve it (four eyes)");
    }
    if (policy.requestExpired(p.createdAt, now)) {
      await expire(tx, deps, p, policy.approvalsRequired, "the request expired before it was approved");
      throw new AppError("conflict", `the promotion request expired (older than ${policy.requestTtlMinutes} minutes)`);
    }
    const existing = p.approvals.find((a) => a.approverId === caller.principal.id);
    if (
      existing &&
      existing.decision === "approved" &&
      !existing.voidedAt &&
      (!existing.expiresAt || existing.expiresAt > now)
    ) {
      throw conflict("you already approved it; another approver is needed");
    }
    const role = can(caller.principal, "config.change", p.toEnvironment) ? "admin" : "approver";
    const data = {
      approverName: caller.principal.name,
      approverEmail: caller.principal.email,
      approverRole: role,
      decision: "approved",
      comment: input.comment ?? null,
      createdAt: now,
      expiresAt: policy.approvalExpiresAt(now),
      voidedAt: null,
    };
    await tx.approval.upsert({
      where: { promotionId_approverId: { promotionId: p.id, approverId: caller.principal.id } },
      create: { promotionId: p.id, approverId: caller.principal.id, ...data },
      update: data,
    });
    const fresh = (await tx.promotion.findUnique({ where: { id }, include }))!;
    const count = liveApprovals(fresh, now).length;
    const complete = count >= policy.approvalsRequired;
    const row = complete ? await tx.promotion.update({ where: { id }, data: { status: "approved" }, include }) : fresh;
    await deps.notify(
      tx,
      "approved",
      promotionSnapshot(row, policy.approvalsRequired, { actor: caller.principal.name }),
    );
    if (complete) await deps.enqueueExecute(tx, id);
    await audit(tx, caller, p, "promotion.approved", {
      comment: input.comment ?? null,
      approvals: count,
      approvalsRequired: policy.approvalsRequired,
      complete,
      expiresAt: data.expiresAt?.toISOString() ?? null,
    });
    return row;
  });
}

async function expire(tx: DbTx, deps: ServiceDeps, p: PromotionRow, required: number, reason: string) {
  const row = await tx.promotion.update({
    where: { id: p.id },
    data: { status: "expired", failureReason: reason, finishedAt: deps.now() },
    include,
  });
  await deps.notify(tx, "failed", promotionSnapshot(row, required, { reason }));
  await recordAudit(tx, {
    action: "promotion.failed",
    outcome: "failure",
    actor: { id: "system", email: null, role: "system", ip: null, userAgent: null },
    environment: p.toEnvironment,
    application: p.application,
    target: { type: "promotion", id: p.id },
    correlationId: `promotion:${p.id}`,
    details: { to: "expired", reason },
  });
}

export async function rejectPromotion(
  deps: ServiceDeps,
  caller: Extract<Caller, { kind: "user" }>,
  id: string,
  input: { comment?: string },
): Promise<PromotionRow> {
  const catalog = await deps.catalog();
  return deps.db.$transaction(async (tx) => {
    const p = await lockPromotion(tx, id);
    const policy = policyFor(catalog, p.toEnvironment);
    if (p.status !== "requested")
      throw conflict(`the promotion is ${p.status.replace(/_/g, " ")}, not awaiting approval`);
    if (!can(caller.principal, "promotion.approve", p.toEnvironment)) {
      throw forbidden(`rejecting in ${p.toEnvironment} needs the approver or admin role there`);
    }
    if (caller.principal.id === p.requestedById) throw forbidden("you requested this promotion: cancel it instead");
    const now = deps.now();
    const decision = {
      approverName: caller.principal.name,
      approverEmail: caller.principal.email,
      decision: "rejected",
      comment: input.comment ?? null,
      createdAt: now,
      expiresAt: null,
      voidedAt: null,
    };
    await tx.approval.upsert({
      where: { promotionId_approverId: { promotionId: p.id, approverId: caller.principal.id } },
      create: { promotionId: p.id, approverId: caller.principal.id, ...decision },
      update: decision,
    });
    const reason = `rejected by ${caller.principal.name}${input.comment ? `: ${input.comment}` : ""}`;
    const row = await tx.promotion.update({
      where: { id },
      data: { status: "rejected", failureReason: reason.slice(0, 1000), finishedAt: now },
      include,
    });
    await deps.notify(
      tx,
      "failed",
      promotionSnapshot(row, policy.approvalsRequired, { reason, actor: caller.principal.name }),
    );
    await audit(tx, caller, p, "promotion.rejected", { comment: input.comment ?? null });
    return row;
  });
}

export async function cancelPromotion(
  deps: ServiceDeps,
  caller: Extract<Caller, { kind: "user" }>,
  id: string,
): Promise<PromotionRow> {
  const catalog = await deps.catalog();
  return deps.db.$transaction(async (tx) => {
    const p = await lockPromotion(tx, id);
    if (caller.principal.id !== p.requestedById) throw forbidden("only the requester can cancel a promotion");
    // Once the executor has started committing, the change may already be on the remote.
    if (p.status !== "requested" && p.status !== "approved") {
      throw conflict(`the promotion is ${p.status.replace(/_/g, " ")}: it can no longer be cancelled`);
    }
    const row = await tx.promotion.update({
      where: { id },
      data: { status: "cancelled", failureReason: `cancelled by ${caller.principal.name}`, finishedAt: deps.now() },
      include,
    });
    await deps.notify(
      tx,
      "failed",
      promotionSnapshot(row, policyFor(catalog, p.toEnvironment).approvalsRequired, {
        reason: "cancelled by the requester",
        actor: caller.principal.name,
      }),
    );
    await audit(tx, caller, p, "promotion.cancelled", { from: p.status });
    return row;
  });
}

/**
 * Roll back: a new promotion (kind "rollback") that sets the environment back to the tag of an
 * earlier succeeded promotion, committed and synced like any other. Approvers and admins only;
 * their request is its own approval (an emergency action needs no second person).
 */
export async function rollbackToPromotion(
  deps: ServiceDeps,
  caller: Extract<Caller, { kind: "user" }>,
  earlierId: string,
  input: { reason: string },
): Promise<PromotionRow> {
  const catalog = await deps.catalog();
  const earlier = await deps.db.promotion.findUnique({ where: { id: earlierId } });
  if (!earlier) throw notFound("no such promotion");
  if (!can(caller.principal, "promotion.rollback", earlier.toEnvironment)) {
    throw forbidden(`rolling back in ${earlier.toEnvironment} needs the approver or admin role there`);
  }
  if (earlier.status !== "succeeded") {
    throw conflict(
      `only a succeeded promotion can be rolled back to (this one is ${earlier.status.replace(/_/g, " ")})`,
    );
  }
  const { app, to } = resolve(catalog, earlier.application, earlier.toEnvironment);
  const target = await deps.git.readTarget(app, to.name);
  if (target.currentTag === earlier.imageTag) throw conflict(`${to.name} already runs ${earlier.imageTag}`);
  const who = callerIdentity(caller);
  return deps.db.$transaction(async (tx) => {
    await lockTarget(tx, app.name, to.name);
    const busy = await tx.promotion.findFirst({
      where: { application: app.name, toEnvironment: to.name, status: { in: [...IN_FLIGHT_STATES] } },
      select: { id: true, status: true },
    });
    if (busy) {
      throw conflict(
        `a promotion of ${app.name} to ${to.name} is in flight (${busy.status}); wait for it or cancel it`,
        {
          promotionId: busy.id,
        },
      );
    }
    const created = await tx.promotion.create({
      data: {
        kind: "rollback",
        rollbackOfId: earlier.id,
        application: app.name,
        fromEnvironment: to.name,
        toEnvironment: to.name,
        imageTag: earlier.imageTag,
        previousTag: target.currentTag,
        targetValuesSha: target.blobSha,
        status: "approved",
        requestedById: who.id,
        requesterName: who.name,
        requesterEmail: who.email,
        reason: input.reason,
      },
      include,
    });
    await deps.notify(tx, "requested", promotionSnapshot(created, 0, { reason: input.reason }));
    await deps.enqueueExecute(tx, created.id);
    await audit(tx, caller, created, "promotion.requested", {
      kind: "rollback",
      rollsBackTo: earlier.id,
      imageTag: earlier.imageTag,
      previousTag: target.currentTag,
      reason: input.reason,
    });
    return created;
  });
}

/** Requests older than the environment's TTL become expired (the "promotion.expire" cron job). */
export async function expireStaleRequests(
  deps: Pick<ServiceDeps, "db" | "catalog" | "notify" | "now">,
): Promise<number> {
  const catalog = await deps.catalog();
  const now = deps.now();
  const waiting = await deps.db.promotion.findMany({
    where: { status: "requested" },
    select: { id: true, toEnvironment: true, createdAt: true },
  });
  let expired = 0;
  for (const w of waiting) {
    const policy = policyFor(catalog, w.toEnvironment);
    if (!policy.requestExpired(w.createdAt, now)) continue;
    await deps.db.$transaction(async (tx) => {
      const p = await lockPromotion(tx, w.id);
      if (p.status !== "requested") return;
      await expire(
        tx,
        deps as ServiceDeps,
        p,
        policy.approvalsRequired,
        `not approved within ${policy.requestTtlMinutes} minutes`,
      );
      expired++;
    });
  }
  return expired;
}

export type { ApplicationConfig, EnvironmentConfig };
