import "server-only";
// One promotion for its page (and its polling endpoint): state, approvals N of M with names and
// comments, the audit trail as a timeline, commit/revert links, the target's Argo CD state while
// it deploys, and the Slack thread. Plain JSON-safe data only.
import { type Catalog, environmentScope } from "@/lib/catalog";
import type { DbTx } from "@/lib/db";
import { auditActionLabel } from "@/lib/domain/audit-actions";
import {
  type ApprovalState,
  approvalState,
  approversAtCommit,
  canApprove,
  cancel,
  type Promotion as DomainPromotion,
  isPromotionStatus,
  policyFor,
  type VerificationResult,
} from "@/lib/domain/promotions";
import type { Principal } from "@/lib/domain/roles";
import type { AppStatus } from "@/lib/integrations/argocd/api";
import { type AuditTx, auditTrail } from "@/lib/server/audit";
import { loadApproverGrants, toDomain } from "@/lib/server/promotions/persist";
import { type SlackThreadView, slackThreadView } from "@/lib/server/slack/read";
import { type RollbackPanel, rollbackPanel } from "./rollback";

export interface TimelineStep {
  seq: string;
  action: string;
  label: string;
  outcome: string;
  /** Who did it: a person's name (their e-mail beside it, for the hover), or "portal" for the executor. */
  actor: { name: string; email: string | null };
  at: string;
  details: Record<string, unknown>;
}

export interface ApprovalView {
  approver: { id: string; name: string; email: string };
  decision: string;
  comment: string | null;
  at: string;
  expiresAt: string | null;
  /** An approval that does not count now, and why (void, expired, role lost); null when it counts. */
  notCounted: string | null;
}

export interface ArgoView {
  app: string;
  syncStatus: string;
  health: string;
  healthMessage: string | null;
  revision: string | null;
  imageTag: string | null;
  operation: AppStatus["operation"];
}

export interface PromotionView {
  id: string;
  application: string;
  fromEnvironment: string;
  toEnvironment: string;
  toEnvironmentName: string;
  imageTag: string;
  status: string;
  reason: string | null;
  failureReason: string | null;
  requestedBy: { id: string; name: string; email: string } | null;
  createdAt: string;
  updatedAt: string;
  commit: { sha: string; url: string | null } | null;
  revert: { sha: string; url: string | null } | null;
  approvals: { required: number; live: number; list: ApprovalView[] };
  timeline: TimelineStep[];
  /** The target's Argo CD application now; null when unreachable or not yet deploying. */
  argo: ArgoView | null;
  argoError: string | null;
  slack: SlackThreadView & { configured: boolean };
  /** The executor's verification of the watch window (lib/domain/promotions/verification). */
  verification: VerificationResult | null;
  /** The Roll back panel: earlier succeeded promotions to go back to, and the rollbacks since. */
  rollback: RollbackPanel | null;
  /** What the viewer may do now, with the rules' reason when not (the server re-checks on click). */
  permissions: { approve: Permission; reject: Permission; cancel: Permission; isRequester: boolean };
  generatedAt: string;
}

export type Permission = { allowed: true } | { allowed: false; reason: string };

export interface DetailDeps {
  db: DbTx & AuditTx;
  catalog: Catalog;
  commitUrl: (sha: string) => string | null;
  /** Reads the target's Argo CD application (the adapter's getApplication). */
  argoApp: (name: string) => Promise<AppStatus>;
  slackConfigured: boolean;
  now?: () => Date;
}

export type Viewer = Pick<Principal, "id" | "grants">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** States in which the target's Argo CD application is worth showing live. */
const DEPLOYING = new Set(["committing", "syncing", "verifying", "rolling_back", "succeeded", "failed", "rolled_back"]);

/** The person behind an event by name (the user directory), else what the audit row kept. */
function actorOf(
  e: { actorEmail: string | null; actorId: string | null },
  byId: ReadonlyMap<string, { name: string; email: string }>,
): TimelineStep["actor"] {
  const u = e.actorId ? byId.get(e.actorId) : undefined;
  if (u?.name) return { name: u.name, email: u.email || e.actorEmail };
  if (e.actorEmail) return { name: e.actorEmail, email: e.actorEmail };
  return { name: !e.actorId || e.actorId === "system" ? "portal" : e.actorId, email: null };
}

/** Why an approval does not count now, in the page's words; null when it counts. */
function notCountedWhy(state: ApprovalState | "not_at_commit" | null, environment: string): string | null {
  switch (state) {
    case "valid":
      return null;
    case "expired":
      return "expired";
    case "not_at_commit":
      return "not counted at the commit";
    case "voided":
      return "void";
    case "role_lost":
      return `no longer an approver in ${environment}`;
    case "ignored":
      return "the requester's own";
    default:
      return "not counted";
  }
}

function isVerification(v: unknown): v is VerificationResult {
  return Boolean(v && typeof v === "object" && Array.isArray((v as VerificationResult).checks));
}

export async function getPromotionView(id: string, viewer: Viewer, deps: DetailDeps): Promise<PromotionView | null> {
  const { db, catalog } = deps;
  const p = await db.promotion.findUnique({
    where: { id },
    select: {
      id: true,
      application: true,
      fromEnvironment: true,
      toEnvironment: true,
      imageTag: true,
      status: true,
      reason: true,
      failureReason: true,
      kind: true,
      rollbackOfId: true,
      requestedById: true,
      requesterName: true,
      requesterEmail: true,
      targetValuesSha: true,
      freezeOverrideById: true,
      freezeOverrideReason: true,
      verification: true,
      commitSha: true,
      revertSha: true,
      createdAt: true,
      updatedAt: true,
      approvals: {
        orderBy: { createdAt: "asc" },
        select: {
          approverId: true,
          approverName: true,
          approverEmail: true,
          decision: true,
          comment: true,
          createdAt: true,
          expiresAt: true,
          voidedAt: true,
        },
      },
    },
  });
  if (!p) return null;
  const now = deps.now?.() ?? new Date();
  const env = catalog.environments.find((e) => e.name === p.toEnvironment);
  const app = catalog.applications.find((a) => a.name === p.application);
  const argoName = app?.argocdApps[p.toEnvironment];
  const userIds = [p.requestedById, ...p.approvals.map((a) => a.approverId)];
  const [users, grants, events, slack, argo, rollback] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }),
    loadApproverGrants(
      db,
      p.approvals.map((a) => a.approverId),
    ),
    auditTrail(db, "promotion", p.id),
    slackThreadView(db, "promotion", p.id),
    argoName && DEPLOYING.has(p.status)
      ? deps.argoApp(argoName).then(
          (a) => ({ ok: true as const, a }),
          (err: Error) => ({ ok: false as const, error: err.message }),
        )
      : Promise.resolve(null),
    rollbackPanel(db, p, viewer, environmentScope(catalog, p.toEnvironment)),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  // Everyone else in the trail (an admin who rolled back, a canceller): their names too, in one read.
  // Only user ids are UUIDs: the executor's "system" and a service token's id are not in the directory.
  const others = [...new Set(events.map((e) => e.actorId))].filter(
    (id): id is string => !!id && UUID.test(id) && !byId.has(id),
  );
  if (others.length > 0) {
    const more = await db.user.findMany({
      where: { id: { in: others } },
      select: { id: true, name: true, email: true },
    });
    for (const u of more) byId.set(u.id, u);
  }
  // The names kept on the rows are the ones the commit's trailers used; the user table is a fallback.
  const person = (uid: string, name: string, email: string) =>
    name ? { id: uid, name, email } : (byId.get(uid) ?? { id: uid, name: "unknown user", email: "" });
  const policy = policyFor(catalog, p.toEnvironment);
  // The select above holds every field toDomain reads (the engine's one row → rules mapping), and
  // the approvers' grants as they are now: the same count the executor applies before it commits.
  const domain: DomainPromotion | null =
    policy && isPromotionStatus(p.status) ? toDomain({ ...p, approverGrants: grants }) : null;
  // While it waits, what counts now; once the executor took it, what counted then (the approvers it
  // committed with), so a later expiry or role change does not rewrite a finished promotion's page.
  const awaiting = p.status === "requested" || p.status === "approved";
  const atCommit = approversAtCommit(events.find((e) => e.action === "promotion.commit_started")?.details);
  const stateOf = (i: number): ApprovalState | "not_at_commit" | null => {
    const a = p.approvals[i]!;
    if (!awaiting && atCommit) return atCommit.has(a.approverId) ? "valid" : a.voidedAt ? "voided" : "not_at_commit";
    return domain && policy ? approvalState(domain.approvals[i]!, domain, policy, now) : null;
  };
  const list: ApprovalView[] = p.approvals.map((a, i) => ({
    approver: person(a.approverId, a.approverName, a.approverEmail),
    decision: a.decision,
    comment: a.comment,
    at: a.createdAt.toISOString(),
    expiresAt: a.expiresAt?.toISOString() ?? null,
    notCounted: a.decision === "approved" ? notCountedWhy(stateOf(i), p.toEnvironment) : null,
  }));
  const live = list.filter((a) => a.decision === "approved" && a.notCounted === null);
  const verdict = (v: { ok: true } | { ok: false; message: string }): Permission =>
    v.ok ? { allowed: true } : { allowed: false, reason: v.message };
  const unknown: Permission = { allowed: false, reason: "this promotion's environment or state is not in the catalog" };
  const permissions =
    domain && policy
      ? {
          approve: verdict(canApprove(viewer, domain, policy, now, "approve")),
          reject: verdict(canApprove(viewer, domain, policy, now, "reject")),
          cancel: verdict(cancel(domain, { principal: viewer }, { now, policy })),
          isRequester: viewer.id === p.requestedById,
        }
      : { approve: unknown, reject: unknown, cancel: unknown, isRequester: viewer.id === p.requestedById };
  const link = (sha: string | null) => (sha ? { sha, url: deps.commitUrl(sha) } : null);
  return {
    id: p.id,
    application: p.application,
    fromEnvironment: p.fromEnvironment,
    toEnvironment: p.toEnvironment,
    toEnvironmentName: env?.displayName ?? p.toEnvironment,
    imageTag: p.imageTag,
    status: p.status,
    reason: p.reason,
    failureReason: p.failureReason,
    requestedBy: p.requesterName
      ? { id: p.requestedById, name: p.requesterName, email: p.requesterEmail }
      : (byId.get(p.requestedById) ?? null),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    commit: link(p.commitSha),
    revert: link(p.revertSha),
    approvals: { required: policy?.approvalsRequired ?? env?.approvalsRequired ?? 0, live: live.length, list },
    timeline: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      label: auditActionLabel(e.action),
      outcome: e.outcome,
      actor: actorOf(e, byId),
      at: e.occurredAt,
      details: e.details && typeof e.details === "object" ? (e.details as Record<string, unknown>) : {},
    })),
    argo:
      argo?.ok === true
        ? {
            app: argo.a.name,
            syncStatus: argo.a.syncStatus,
            health: argo.a.health,
            healthMessage: argo.a.healthMessage,
            revision: argo.a.revision,
            imageTag: argo.a.imageTag,
            operation: argo.a.operation,
          }
        : null,
    argoError: argo?.ok === false ? argo.error : null,
    slack: { ...slack, configured: deps.slackConfigured },
    verification: isVerification(p.verification) ? p.verification : null,
    rollback,
    permissions,
    generatedAt: now.toISOString(),
  };
}
