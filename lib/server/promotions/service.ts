// The promotion service: request, approve, reject, cancel, roll back, expire. Each action reads
// what the rules need from the world (the tag live in the source, the target's values file), asks
// the rules (lib/domain/promotions), then writes the accepted transition — state, approvals, audit,
// Slack and the executor's job — in ONE transaction under a row lock on the promotion (approvals)
// or an advisory lock on application × environment (requests), so concurrent callers serialise and
// exactly one of them moves the promotion.
import type { Catalog } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import type { JsonValue } from "@/lib/domain/audit-chain";
import {
  approve,
  type Ctx,
  cancel,
  type ExecutorStep,
  expire,
  isInFlight,
  PROMOTION_STATUSES,
  type Promotion,
  type PromotionPolicy,
  policyFor,
  type Refusal,
  reject,
  requestRollback,
  requestPromotion as requestRule,
  type StepResult,
  scopeOf,
} from "@/lib/domain/promotions";
import { can, type Principal } from "@/lib/domain/roles";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { conflict, forbidden, notFound } from "@/lib/http/errors";
import type { ArgoCdApi } from "@/lib/integrations/argocd/api";
import type { AuditActor } from "@/lib/server/audit/record";
import { SYSTEM_ACTOR } from "@/lib/server/audit/record";
import { type ServiceCaller, serviceTokenMay } from "@/lib/server/service-tokens/policy";
import type { Notifier } from "./notify";
import {
  applyTransition,
  type PromotionRow,
  promotionInclude,
  refusalError,
  toDomain,
  withApproverGrants,
} from "./persist";
import type { GitOpsApi } from "./ports";

export type Caller =
  | { kind: "user"; principal: Principal; actor: AuditActor; correlationId: string }
  | { kind: "service_token"; token: ServiceCaller; actor: AuditActor; correlationId: string };
export type UserCaller = Extract<Caller, { kind: "user" }>;

export interface ServiceDeps {
  db: PrismaClient;
  catalog: () => Promise<Catalog>;
  git: Pick<GitOpsApi, "readTarget">;
  argocd: Pick<ArgoCdApi, "getApplication">;
  notify: Notifier;
  /** Enqueues the executor (step "commit") or the expiry check of a promotion, inside `tx`. */
  schedule: (tx: DbTx, promotionId: string, step: ExecutorStep, notBefore: Date | null) => Promise<void>;
  now: () => Date;
}

export interface RequestInput {
  application: string;
  toEnvironment: string;
  /** Defaults to the tag that runs in the source environment; when given it must be that tag. */
  imageTag?: string;
  fromEnvironment?: string;
  reason?: string;
  /** The CI build that asked (service tokens); recorded in the promotion.requested audit event. */
  buildUrl?: string;
  /** Admins only: promote into a freeze window, with this written reason. */
  freezeOverrideReason?: string;
}

function policyOf(catalog: Catalog, env: string): PromotionPolicy {
  const policy = policyFor(catalog, env);
  if (!policy) throw notFound(`there is no environment "${env}" in the catalog`);
  return policy;
}

/** Serialises requests per application × environment until the transaction ends. */
async function lockTarget(tx: DbTx, application: string, environment: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`promotion:${application}/${environment}`}, 0))`;
}

async function lockPromotion(tx: DbTx, id: string): Promise<PromotionRow> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM promotion WHERE id = ${id}::uuid FOR UPDATE`;
  if (!rows.length) throw notFound("there is no such promotion");
  // Read after the lock, in statements of their own: a statement that waited for the lock sees the
  // rows its holder committed (an approval given meanwhile), and the approvers' roles as they are
  // now (an approval whose approver lost the role no longer counts).
  return withApproverGrants(tx, (await tx.promotion.findUnique({ where: { id }, include: promotionInclude }))!);
}

/** "One in flight per application × environment": the rules' isInFlight, as a status list to query. */
const IN_FLIGHT: string[] = PROMOTION_STATUSES.filter(isInFlight);

function identity(c: Caller) {
  return c.kind === "user"
    ? { id: c.principal.id, name: c.principal.name, email: c.principal.email, via: "user" as const }
    : {
        id: c.token.id,
        name: `ci:${c.token.name}`,
        email: `${c.token.name}@service-token.invalid`,
        via: "service_token" as const,
      };
}

export async function requestPromotion(deps: ServiceDeps, caller: Caller, input: RequestInput): Promise<PromotionRow> {
  const catalog = await deps.catalog();
  const app = catalog.applications.find((a) => a.name === input.application);
  const to = catalog.environments.find((e) => e.name === input.toEnvironment);
  if (caller.kind === "service_token" && to && !serviceTokenMay(caller.token, "promotion.request", to.name)) {
    throw forbidden(`service token "${caller.token.name}" may not request promotions to ${to.name}`);
  }
  // What runs where: only read when the names exist (the rules refuse unknown ones with a 404).
  const i = to ? catalog.promotionPath.indexOf(to.name) : -1;
  const from = i > 0 ? catalog.promotionPath[i - 1] : undefined;
  let sourceTag: string | null = null;
  let target: Awaited<ReturnType<GitOpsApi["readTarget"]>> | null = null;
  if (app && to && from && (!input.fromEnvironment || input.fromEnvironment === from)) {
    sourceTag = (await deps.argocd.getApplication(app.argocdApps[from]!)).imageTag;
    if (!sourceTag) throw conflict(`${from} runs no image tag of ${app.name}: there is nothing to promote`);
    target = await deps.git.readTarget(app, to.name);
  }
  const who = identity(caller);
  // A "ci" token requests with exactly the request right in this environment (checked above).
  const requester: Pick<Principal, "id" | "grants"> =
    caller.kind === "user"
      ? caller.principal
      : { id: caller.token.id, grants: [{ role: "developer", environment: input.toEnvironment }] };
  const id = crypto.randomUUID();

  return deps.db.$transaction(async (tx) => {
    if (app && to) await lockTarget(tx, app.name, to.name);
    const inFlight =
      app && to
        ? await tx.promotion.findMany({
            where: { application: app.name, toEnvironment: to.name, status: { in: IN_FLIGHT } },
            select: { id: true, application: true, toEnvironment: true, status: true },
          })
        : [];
    const now = deps.now();
    const r = requestRule(
      {
        id,
        application: input.application,
        toEnvironment: input.toEnvironment,
        fromEnvironment: input.fromEnvironment ?? null,
        imageTag: input.imageTag ?? sourceTag ?? "",
        requester,
        targetCurrentTag: target?.currentTag ?? null,
        sourceCurrentTag: sourceTag,
        targetValuesSha: target?.blobSha ?? null,
        inFlight: inFlight as never,
        freezeOverrideReason: input.freezeOverrideReason ?? null,
      },
      { now, catalog },
    );
    if (!r.ok) throw refusalError(r);
    const p = r.promotion;
    const row = await tx.promotion.create({
      data: {
        id: p.id,
        application: p.application,
        fromEnvironment: p.fromEnvironment,
        toEnvironment: p.toEnvironment,
        imageTag: p.imageTag,
        previousTag: target?.currentTag ?? null,
        targetValuesSha: p.targetValuesSha,
        // Created in the state the rules start from; applyTransition moves it to theirs.
        status: "new",
        createdAt: p.createdAt,
        requestedById: who.id,
        requestedVia: who.via,
        requesterName: who.name,
        requesterEmail: who.email,
        reason: input.reason ?? null,
      },
      include: promotionInclude,
    });
    return applyTransition(tx, row, r, {
      now,
      actor: caller.actor,
      correlationId: caller.correlationId,
      policy: policyOf(catalog, p.toEnvironment),
      notify: deps.notify,
      onSchedule: (step, notBefore) => deps.schedule(tx, p.id, step, notBefore),
      auditDetails: {
        requestedVia: who.via,
        valuesPath: target?.valuesPath ?? null,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.buildUrl ? { buildUrl: input.buildUrl } : {}),
      },
    });
  });
}

/**
 * People acting on one promotion at once queue on its row lock, each holding a pooled connection: with
 * Prisma's defaults (2 s to get a connection, 5 s per transaction) a burst of approvals fails with
 * P2028 instead of waiting its turn for the 409 the rule gives. A person would rather wait seconds.
 */
const PERSON_STEP_TX = { maxWait: 10_000, timeout: 20_000 } as const;

/**
 * A person's step on a waiting promotion (approve, reject, cancel): lock it, ask the rule, record the
 * person's decision when `decision` says so, write the transition the rule accepted.
 */
async function decide(
  deps: ServiceDeps,
  caller: UserCaller,
  id: string,
  step: (p: Promotion, ctx: Ctx) => StepResult,
  opts: {
    /** Record the person's approval row: always (approve) or when the rule gave them one (reject). */
    decision?: "required" | "if_any";
    /** An "expired" refusal also moves the request to expired (approve). */
    expireWhenExpired?: boolean;
    /** The step ends the promotion: finishedAt is set. */
    finished?: boolean;
    auditDetails?: Record<string, JsonValue>;
  } = {},
): Promise<PromotionRow> {
  const catalog = await deps.catalog();
  const out = await deps.db.$transaction(async (tx): Promise<{ refused: Refusal } | { written: PromotionRow }> => {
    const row = await lockPromotion(tx, id);
    const policy = policyOf(catalog, row.toEnvironment);
    const now = deps.now();
    const r = step(toDomain(row), { now, policy });
    if (!r.ok) {
      if (r.code !== "expired" || !opts.expireWhenExpired) throw refusalError(r);
      // An expired request is moved to expired by the same refusal that tells the approver: the
      // expiry commits, the refusal is thrown after it (a throw here would roll the expiry back).
      await expireLocked(tx, deps, row, policy);
      return { refused: r };
    }
    const mine = opts.decision && r.promotion.approvals.find((a) => a.approverId === caller.principal.id);
    if (opts.decision === "required" || mine) await upsertDecision(tx, row.id, caller.principal, mine!, policy);
    const written = await applyTransition(tx, row, r, {
      now,
      actor: caller.actor,
      correlationId: caller.correlationId,
      policy,
      notify: deps.notify,
      actorName: caller.principal.name,
      onSchedule: (s, notBefore) => deps.schedule(tx, row.id, s, notBefore),
      ...(opts.finished ? { data: { finishedAt: now } } : {}),
      ...(opts.auditDetails ? { auditDetails: opts.auditDetails } : {}),
    });
    return { written };
  }, PERSON_STEP_TX);
  if ("refused" in out) throw refusalError(out.refused);
  return out.written;
}

export function approvePromotion(deps: ServiceDeps, caller: UserCaller, id: string, input: { comment?: string }) {
  const comment = input.comment ?? null;
  return decide(deps, caller, id, (p, ctx) => approve(p, { principal: caller.principal, comment }, ctx), {
    decision: "required",
    expireWhenExpired: true,
    auditDetails: { comment },
  });
}

async function upsertDecision(
  tx: DbTx,
  promotionId: string,
  principal: Principal,
  a: { decision: string; comment: string | null; createdAt: Date; expiresAt: Date | null },
  policy: PromotionPolicy,
) {
  const data = {
    approverName: principal.name,
    approverEmail: principal.email,
    approverRole: can(principal, "config.change", scopeOf(policy)) ? "admin" : "approver",
    decision: a.decision,
    comment: a.comment,
    createdAt: a.createdAt,
    expiresAt:
      a.expiresAt ??
      (a.decision === "approved" ? new Date(a.createdAt.getTime() + policy.approvalTtlMinutes * 60_000) : null),
    voidedAt: null,
  };
  await tx.approval.upsert({
    where: { promotionId_approverId: { promotionId, approverId: principal.id } },
    create: { promotionId, approverId: principal.id, ...data },
    update: data,
  });
}

export function rejectPromotion(deps: ServiceDeps, caller: UserCaller, id: string, input: { comment?: string }) {
  const comment = input.comment ?? null;
  return decide(deps, caller, id, (p, ctx) => reject(p, { principal: caller.principal, comment }, ctx), {
    decision: "if_any",
    finished: true,
    auditDetails: { comment },
  });
}

export function cancelPromotion(deps: ServiceDeps, caller: UserCaller, id: string, input: { reason?: string }) {
  const reason = input.reason ?? null;
  return decide(deps, caller, id, (p, ctx) => cancel(p, { principal: caller.principal, reason }, ctx), {
    finished: true,
  });
}

async function expireLocked(tx: DbTx, deps: ServiceDeps, row: PromotionRow, policy: PromotionPolicy) {
  const now = deps.now();
  const r = expire(toDomain(row), {}, { now, policy });
  if (!r.ok) return null;
  return applyTransition(tx, row, r, {
    now,
    actor: SYSTEM_ACTOR,
    correlationId: `promotion:${row.id}`,
    policy,
    notify: deps.notify,
    data: { finishedAt: now },
  });
}

/** The "promotion.expire" job: a request still waiting at its expiry becomes expired. */
export async function expirePromotion(deps: ServiceDeps, id: string): Promise<boolean> {
  const catalog = await deps.catalog();
  return deps.db.$transaction(async (tx) => {
    const row = await lockPromotion(tx, id).catch(() => null);
    if (row?.status !== "requested") return false;
    return (await expireLocked(tx, deps, row, policyOf(catalog, row.toEnvironment))) !== null;
  });
}

/**
 * Roll back: a new promotion (kind "rollback") that sets the environment back to the tag of an
 * earlier succeeded promotion, committed and synced like any other. The rules allow approvers and
 * admins (developers outside protected environments); it starts approved and needs no soak.
 */
export async function rollbackToPromotion(
  deps: ServiceDeps,
  caller: UserCaller,
  earlierId: string,
  input: { reason: string },
) {
  const catalog = await deps.catalog();
  const earlier = await deps.db.promotion.findUnique({ where: { id: earlierId } });
  if (!earlier) throw notFound("there is no such promotion");
  const app = catalog.applications.find((a) => a.name === earlier.application);
  const target = app ? await deps.git.readTarget(app, earlier.toEnvironment) : null;
  const who = identity(caller);
  const id = crypto.randomUUID();
  return deps.db.$transaction(async (tx) => {
    await lockTarget(tx, earlier.application, earlier.toEnvironment);
    const inFlight = await tx.promotion.findMany({
      where: { application: earlier.application, toEnvironment: earlier.toEnvironment, status: { in: IN_FLIGHT } },
      select: { id: true, application: true, toEnvironment: true, status: true },
    });
    const now = deps.now();
    const r = requestRollback(
      {
        id,
        application: earlier.application,
        environment: earlier.toEnvironment,
        rollBackTo: { ...earlier, status: earlier.status as never },
        requester: caller.principal,
        reason: input.reason,
        targetCurrentTag: target?.currentTag ?? null,
        targetValuesSha: target?.blobSha ?? null,
        inFlight: inFlight as never,
      },
      { now, catalog },
    );
    if (!r.ok) throw refusalError(r);
    const p = r.promotion;
    const row = await tx.promotion.create({
      data: {
        id: p.id,
        kind: "rollback",
        rollbackOfId: earlier.id,
        application: p.application,
        fromEnvironment: p.fromEnvironment,
        toEnvironment: p.toEnvironment,
        imageTag: p.imageTag,
        previousTag: target?.currentTag ?? null,
        targetValuesSha: p.targetValuesSha,
        status: "new",
        createdAt: p.createdAt,
        requestedById: who.id,
        requesterName: who.name,
        requesterEmail: who.email,
        reason: input.reason,
      },
      include: promotionInclude,
    });
    return applyTransition(tx, row, r, {
      now,
      actor: caller.actor,
      correlationId: caller.correlationId,
      policy: policyOf(catalog, p.toEnvironment),
      notify: deps.notify,
      actorName: caller.principal.name,
      onSchedule: (step, notBefore) => deps.schedule(tx, p.id, step, notBefore),
    });
  });
}
