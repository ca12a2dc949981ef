// A new promotion request: which application, to which environment, which tag — checked against the
// catalog (known names, the next environment in promotionPath), the world (the target does not run the
// tag already, the source does, nothing else in flight), the requester's role, and a freeze in force
// (an admin may request through it with a written reason). Pure.
import type { ApplicationConfig, EnvironmentConfig } from "@/lib/catalog";
import { can } from "../roles";
import { freezeStatus } from "./freeze";
import {
  type Approver,
  canOverrideFreeze,
  MIN_OVERRIDE_REASON_LENGTH,
  promotionPolicy,
  requestExpiresAt,
} from "./policy";
import { type Refusal, type Result, refuse } from "./refusals";
import { isInFlight, statusWords } from "./status";
import type { Effect, Promotion, Transition } from "./types";

export interface CatalogView {
  environments: readonly EnvironmentConfig[];
  applications: readonly Pick<ApplicationConfig, "name">[];
  promotionPath: readonly string[];
}

export interface RequestInput {
  /** The new promotion's id (the service makes it, so the effects can name it). */
  id: string;
  application: string;
  /** Optional: derived from promotionPath; when given it must be the environment before the target. */
  fromEnvironment?: string | null;
  toEnvironment: string;
  imageTag: string;
  requester: Approver;
  /** The tag in the target's values file now (null when the file has none). */
  targetCurrentTag: string | null;
  /** The tag the source environment runs now, when known; the request must promote that one. */
  sourceCurrentTag?: string | null;
  /** Blob SHA of the target values file now: the promotion is superseded once it moves. */
  targetValuesSha: string | null;
  /** Promotions not yet finished (any application; only the same application × target count). */
  inFlight: readonly Pick<Promotion, "id" | "application" | "toEnvironment" | "status">[];
  /** An admin requesting while the target is frozen: the written reason to go through the freeze. */
  freezeOverrideReason?: string | null;
}

export interface RequestCtx {
  now: Date;
  catalog: CatalogView;
}

/** One promotion in flight per application × environment: the refusal naming the one that is, if any. */
function inFlightRefusal(inFlight: RequestInput["inFlight"], application: string, environment: string): Refusal | null {
  const busy = inFlight.find(
    (p) => p.application === application && p.toEnvironment === environment && isInFlight(p.status),
  );
  return busy
    ? refuse(
        "in_flight",
        `promotion ${busy.id} of ${application} to ${environment} is still ${statusWords(busy.status)}; wait for it to finish or cancel it`,
      )
    : null;
}

/** Docker's tag grammar: what an image tag may be at all. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function requestPromotion(input: RequestInput, ctx: RequestCtx): Result<Transition> {
  const { catalog, now } = ctx;
  const { application, toEnvironment: to, imageTag } = input;
  if (!catalog.applications.some((a) => a.name === application)) {
    return refuse("unknown_application", `there is no application "${application}" in the catalog`);
  }
  const target = catalog.environments.find((e) => e.name === to);
  if (!target) return refuse("unknown_environment", `there is no environment "${to}" in the catalog`);
  if (input.fromEnvironment && !catalog.environments.some((e) => e.name === input.fromEnvironment)) {
    return refuse("unknown_environment", `there is no environment "${input.fromEnvironment}" in the catalog`);
  }
  const i = catalog.promotionPath.indexOf(to);
  if (i < 0) return refuse("wrong_order", `${to} is not on the promotion path (${catalog.promotionPath.join(" → ")})`);
  if (i === 0) {
    return refuse("wrong_order", `${to} is the first environment of the path: images reach it from the build pipeline`);
  }
  const from = catalog.promotionPath[i - 1]!;
  if (input.fromEnvironment && input.fromEnvironment !== from) {
    return refuse(
      "wrong_order",
      `promotions to ${to} come from ${from}, not ${input.fromEnvironment} (path ${catalog.promotionPath.join(" → ")})`,
    );
  }
  if (!IMAGE_TAG.test(imageTag)) {
    return refuse("invalid_input", `"${imageTag}" is not an image tag (letters, digits, _ . -; at most 128)`);
  }
  if (!can(input.requester, "promotion.request", target)) {
    return refuse(
      "not_a_requester",
      `requesting a promotion to ${to} needs the developer, approver or admin role there`,
    );
  }
  if (input.sourceCurrentTag != null && input.sourceCurrentTag !== imageTag) {
    return refuse(
      "tag_not_in_source",
      `${from} runs ${input.sourceCurrentTag}, not ${imageTag}: promote what ${from} runs`,
    );
  }
  if (input.targetCurrentTag === imageTag) {
    return refuse("no_newer_tag", `${to} already runs ${imageTag}: there is no newer tag to promote`);
  }
  const busy = inFlightRefusal(input.inFlight, application, to);
  if (busy) return busy;
  const policy = promotionPolicy(target);
  const freeze = freezeStatus(policy, now);
  let freezeOverride: Promotion["freezeOverride"] = null;
  if (freeze.frozen) {
    const reason = input.freezeOverrideReason?.trim() ?? "";
    if (!reason) {
      return refuse(
        "frozen",
        `${to} is frozen (${freeze.window!.name}${freeze.window!.reason ? `: ${freeze.window!.reason}` : ""}) until ` +
          `${freeze.until!.toISOString()}; an admin can request through it with a written reason`,
        freeze.until!,
      );
    }
    const verdict = canOverrideFreeze(input.requester, policy, reason);
    if (!verdict.ok) return refuse(verdict.code, verdict.message);
    freezeOverride = { byId: input.requester.id, reason, at: now };
  }

  const status = policy.approvalsRequired === 0 ? "approved" : "requested";
  const promotion: Promotion = {
    id: input.id,
    application,
    fromEnvironment: from,
    toEnvironment: to,
    imageTag,
    status,
    requestedById: input.requester.id,
    createdAt: now,
    targetValuesSha: input.targetValuesSha,
    commitSha: null,
    revertSha: null,
    failureReason: null,
    freezeOverride,
    approvals: [],
  };
  const effects: Effect[] = [
    {
      type: "audit",
      action: "promotion.requested",
      details: {
        to: status,
        imageTag,
        fromEnvironment: from,
        toEnvironment: to,
        previousTag: input.targetCurrentTag,
        targetValuesSha: input.targetValuesSha,
        approvalsRequired: policy.approvalsRequired,
      },
    },
  ];
  if (freezeOverride) {
    effects.push({
      type: "audit",
      action: "promotion.freeze_overridden",
      details: { from: status, to: status, reason: freezeOverride.reason, window: freeze.window!.name },
    });
  }
  effects.push({ type: "notify", event: "requested" });
  if (status === "requested") effects.push({ type: "notify", event: "approval_needed" });
  effects.push({ type: "schedule", step: "expire", notBefore: requestExpiresAt(promotion, policy) });
  if (status === "approved") effects.push({ type: "schedule", step: "commit", notBefore: null });
  return { ok: true, promotion, effects };
}

export interface RollbackInput {
  /** The new (rollback) promotion's id. */
  id: string;
  application: string;
  environment: string;
  /** The earlier promotion whose tag to go back to; it must have succeeded in this environment. */
  rollBackTo: Pick<Promotion, "id" | "application" | "toEnvironment" | "imageTag" | "status">;
  requester: Approver;
  /** Why, in words: kept on the commit and the audit event. */
  reason: string;
  targetCurrentTag: string | null;
  targetValuesSha: string | null;
  inFlight: readonly Pick<Promotion, "id" | "application" | "toEnvironment" | "status">[];
}

/**
 * A rollback: an approver or admin (a developer outside protected environments — the promotion.rollback
 * rule of lib/domain/roles) returns the application in `environment` to an earlier succeeded promotion's
 * tag. It restores a state that already ran there, so it needs no further approval and no soak, and a
 * freeze does not hold it back (freezes stop changes, not repairs). It is approved at once and commits.
 */
export function requestRollback(input: RollbackInput, ctx: RequestCtx): Result<Transition> {
  const { catalog, now } = ctx;
  const { application, environment, rollBackTo } = input;
  if (!catalog.applications.some((a) => a.name === application)) {
    return refuse("unknown_application", `there is no application "${application}" in the catalog`);
  }
  const target = catalog.environments.find((e) => e.name === environment);
  if (!target) return refuse("unknown_environment", `there is no environment "${environment}" in the catalog`);
  if (!can(input.requester, "promotion.rollback", target)) {
    const roles = target.protected ? "approver or admin" : "developer, approver or admin";
    return refuse("not_an_approver", `rolling back in ${environment} needs the ${roles} role there`);
  }
  if (rollBackTo.application !== application || rollBackTo.toEnvironment !== environment) {
    return refuse(
      "invalid_input",
      `promotion ${rollBackTo.id} deployed ${rollBackTo.application} to ${rollBackTo.toEnvironment}, not ${application} to ${environment}`,
    );
  }
  if (rollBackTo.status !== "succeeded") {
    return refuse(
      "invalid_input",
      `promotion ${rollBackTo.id} is ${statusWords(rollBackTo.status)}: only a succeeded promotion can be rolled back to`,
    );
  }
  const reason = input.reason.trim();
  if (reason.length < MIN_OVERRIDE_REASON_LENGTH) {
    return refuse(
      "reason_required",
      `a rollback needs a written reason of at least ${MIN_OVERRIDE_REASON_LENGTH} characters`,
    );
  }
  if (input.targetCurrentTag === rollBackTo.imageTag) {
    return refuse("no_newer_tag", `${environment} already runs ${rollBackTo.imageTag}: there is nothing to roll back`);
  }
  const busy = inFlightRefusal(input.inFlight, application, environment);
  if (busy) return busy;
  const policy = promotionPolicy(target);
  const promotion: Promotion = {
    id: input.id,
    kind: "rollback",
    rollbackOfId: rollBackTo.id,
    application,
    fromEnvironment: environment,
    toEnvironment: environment,
    imageTag: rollBackTo.imageTag,
    status: "approved",
    requestedById: input.requester.id,
    createdAt: now,
    targetValuesSha: input.targetValuesSha,
    commitSha: null,
    revertSha: null,
    failureReason: null,
    freezeOverride: null,
    approvals: [],
  };
  return {
    ok: true,
    promotion,
    effects: [
      {
        type: "audit",
        action: "promotion.requested",
        details: {
          to: "approved",
          kind: "rollback",
          rollbackOfId: rollBackTo.id,
          imageTag: rollBackTo.imageTag,
          toEnvironment: environment,
          previousTag: input.targetCurrentTag,
          targetValuesSha: input.targetValuesSha,
          reason,
        },
      },
      { type: "notify", event: "requested" },
      { type: "schedule", step: "expire", notBefore: requestExpiresAt(promotion, policy) },
      { type: "schedule", step: "commit", notBefore: null },
    ],
  };
}
