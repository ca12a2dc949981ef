// A new promotion request: which application, to which environment, which tag — checked against the
// catalog (known names, the next environment in promotionPath), the world (the target does not run the
// tag already, the source does, nothing else in flight), the requester's role, and a freeze in force
// (an admin may request through it with a written reason). Pure.
import type { ApplicationConfig, EnvironmentConfig } from "@/lib/catalog";
import { can } from "../roles";
import { freezeStatus } from "./freeze";
import { type Approver, canOverrideFreeze, promotionPolicy, requestExpiresAt } from "./policy";
import { type Result, refuse } from "./refusals";
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
  if (!can(input.requester, "promotion.request", to)) {
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
  const busy = input.inFlight.find(
    (p) => p.application === application && p.toEnvironment === to && isInFlight(p.status),
  );
  if (busy) {
    return refuse(
      "in_flight",
      `promotion ${busy.id} of ${application} to ${to} is still ${statusWords(busy.status)}; wait for it to finish or cancel it`,
    );
  }
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
