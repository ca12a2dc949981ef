import "server-only";
// Follows a run in Jenkins and moves it along: queue item → build number → stages → result. On a
// plan's success it fetches plan.json, plan.sha256 and plan-meta.json from the build's artifacts.
// Idempotent and safe to call from several places at once (the run page's stream, the job queue,
// several portal processes): every transition is a conditional update on the status it leaves, and
// only the caller whose update matched writes the audit event and releases the lock.
import { failureFromConsole, isDriftCheck, isTerminal, parseSha256File } from "@/lib/domain/infra-runs";
import { isEmptyPlan, PlanFormatError, summarisePlan } from "@/lib/domain/plan-review";
import type { InfraRun, Prisma } from "@/lib/generated/prisma/client";
import { IntegrationError, isIntegrationError } from "@/lib/http/errors";
import type { BuildStatus } from "@/lib/integrations/jenkins/api";
import { SYSTEM_ACTOR } from "@/lib/server/audit/record";
import type { SlackNotice } from "@/lib/server/slack/notice";
import { auditRun } from "./audit";
import { heartbeatLock, releaseLock } from "./locks";
import { findRun } from "./runs";
import type { InfraDeps } from "./types";

const SYSTEM = { actor: SYSTEM_ACTOR, correlationId: null };

/** Reads the console tail to find the scripts' ERROR line (the last 64 KiB is plenty). */
async function failureReason(deps: InfraDeps, job: string, n: number): Promise<string | null> {
  try {
    const first = await deps.jenkins.getConsole(job, n, 0);
    let text = first.text;
    let next = first.nextStart;
    for (let more = first.more && text.length > 0; more; ) {
      const c = await deps.jenkins.getConsole(job, n, next);
      text = (text + c.text).slice(-65_536);
      more = c.more && c.text.length > 0;
      next = c.nextStart;
    }
    return failureFromConsole(text);
  } catch {
    return null;
  }
}

async function planArtifacts(deps: InfraDeps, job: string, build: BuildStatus) {
  const path = (name: string) => build.artifacts.find((a) => a.fileName === name)?.relativePath;
  const need = ["plan.json", "plan.sha256", "plan-meta.json"] as const;
  const missing = need.filter((n) => !path(n));
  if (missing.length)
    throw new IntegrationError("jenkins", null, `build #${build.number} archived no ${missing.join(", ")}`);
  const [json, sha, meta] = await Promise.all(need.map((n) => deps.jenkins.getArtifact(job, build.number, path(n)!)));
  const sha256 = parseSha256File(sha!);
  if (!sha256) throw new IntegrationError("jenkins", null, `build #${build.number}: plan.sha256 is not a sha256`);
  const planMeta = JSON.parse(meta!) as { changes?: unknown; sha256?: unknown };
  if (planMeta.sha256 !== undefined && planMeta.sha256 !== sha256) {
    throw new IntegrationError("jenkins", null, `build #${build.number}: plan-meta.json and plan.sha256 disagree`);
  }
  // Parsed once, for the summary and the stored copy (plan.json runs to megabytes).
  let plan: unknown = json;
  try {
    plan = JSON.parse(json!);
  } catch {
    // not JSON: summarisePlan says so below
  }
  let summary: ReturnType<typeof summarisePlan>;
  try {
    summary = summarisePlan(plan);
  } catch (err) {
    if (err instanceof PlanFormatError)
      throw new Error(`plan.json of build #${build.number} is unreadable: ${err.message}`);
    throw err;
  }
  return {
    planSha256: sha256,
    planJson: plan as Prisma.InputJsonValue,
    planMeta: planMeta as Prisma.InputJsonValue,
    summary: summary as unknown as Prisma.InputJsonValue,
    // tofu's own verdict (plan -detailed-exitcode) and the summary's must agree to call it empty.
    hasChanges: planMeta.changes === true || !isEmptyPlan(summary),
  };
}

/** Ends a run once: status update (only from a live status), lock release and audit in one transaction. */
async function finish(
  deps: InfraDeps,
  run: InfraRun,
  data: Prisma.InfraRunUpdateManyMutationInput & { status: "succeeded" | "failed" | "aborted" },
  details: Record<string, string | number | boolean | null>,
): Promise<void> {
  const action = run.kind === "plan" ? "infra.plan" : "infra.apply";
  const ended = await deps.db.$transaction(async (tx) => {
    const n = await tx.infraRun.updateMany({
      where: { id: run.id, status: { in: ["pending", "queued", "running"] } },
      data: { ...data, finishedAt: new Date() },
    });
    if (n.count === 0) return false;
    const after = await tx.infraRun.findUniqueOrThrow({ where: { id: run.id } });
    const released = await releaseLock(tx, run.environment, run.id);
    const event = slackEvent(after);
    if (event && deps.notify) await deps.notify(tx, notice(after, event));
    await auditRun(tx, SYSTEM, action, data.status === "succeeded" ? "success" : "failure", after, {
      phase: "finished",
      status: data.status,
      hasChanges: after.hasChanges,
      lockReleased: released,
      ...details,
    });
    return true;
  });
  if (ended) deps.countEvent?.(action, run.environment, data.status);
}

/** What Slack hears about a run that ended: drift found by a drift check, an apply's outcome. */
function slackEvent(run: InfraRun): "drift_detected" | "applied" | "failed" | null {
  if (run.kind === "plan")
    return isDriftCheck(run.trigger) && run.status === "succeeded" && run.hasChanges ? "drift_detected" : null;
  if (run.status === "succeeded") return "applied";
  return run.status === "failed" ? "failed" : null;
}

function notice(run: InfraRun, event: "drift_detected" | "applied" | "failed"): SlackNotice {
  const counts = (run.summary as { counts?: { add: number; change: number; destroy: number } } | null)?.counts;
  return {
    kind: "infra",
    event,
    run: {
      id: run.id,
      environment: run.environment,
      kind: event === "drift_detected" ? "drift" : run.kind === "apply" ? "apply" : "plan",
      requestedBy: run.requestedBy,
      summary: counts ? { add: counts.add, change: counts.change, destroy: counts.destroy } : null,
      planSha256: run.planSha256,
      reason: run.failureReason,
    },
    path: `/infrastructure/runs/${run.id}`,
  };
}

export async function syncRun(deps: InfraDeps, runId: string): Promise<InfraRun> {
  const run = await findRun(deps.db, runId);
  if (isTerminal(run.status) || run.status === "pending") return run;
  const job = run.jenkinsJob ?? (run.kind === "plan" ? deps.config.planJob : deps.config.applyJob);
  const timedOut = Date.now() - run.createdAt.getTime() > deps.config.runTimeoutMinutes * 60_000;

  if (run.status === "queued") {
    if (run.queueId === null) return run;
    const q = await deps.jenkins.getQueueItem(run.queueId).catch((err: unknown) => {
      // Left items vanish from the queue after 5 minutes: a run we lost track of that long fails.
      if (isIntegrationError(err) && err.status === 404) return { state: "gone" as const };
      throw err;
    });
    if (q.state === "cancelled" || q.state === "gone") {
      await finish(
        deps,
        run,
        { status: "failed", failureReason: `Jenkins queue item ${run.queueId} was cancelled before a build started` },
        { queueId: run.queueId },
      );
      return findRun(deps.db, runId);
    }
    if (q.state === "queued") {
      if (timedOut) {
        await deps.jenkins.cancelQueueItem(run.queueId).catch(() => undefined);
        await finish(
          deps,
          run,
          {
            status: "failed",
            failureReason: `still queued after ${deps.config.runTimeoutMinutes} min: ${q.why ?? "no reason given"}`,
          },
          {},
        );
      } else {
        await heartbeatLock(deps.db, run.environment, run.id, deps.config.lockTtlSeconds);
      }
      return findRun(deps.db, runId);
    }
    await deps.db.infraRun.updateMany({
      where: { id: run.id, status: "queued" },
      data: { status: "running", buildNumber: q.buildNumber, startedAt: new Date() },
    });
    return syncRun(deps, runId);
  }

  // running
  const n = run.buildNumber!;
  const [build, stages] = await Promise.all([
    deps.jenkins.getBuild(job, n),
    deps.jenkins.getStages(job, n).catch(() => null),
  ]);
  if (stages) {
    await deps.db.infraRun.updateMany({
      where: { id: run.id, status: "running" },
      data: { stages: stages as unknown as Prisma.InputJsonValue },
    });
  }
  if (build.building) {
    if (timedOut) {
      await deps.jenkins.stopBuild(job, n).catch(() => undefined);
      await finish(
        deps,
        run,
        {
          status: "failed",
          failureReason: `gave up after ${deps.config.runTimeoutMinutes} min; the build was stopped`,
        },
        {},
      );
    } else {
      // Only a build that still runs keeps its lock alive; the portal that stops polling lets it expire.
      await heartbeatLock(deps.db, run.environment, run.id, deps.config.lockTtlSeconds);
    }
    return findRun(deps.db, runId);
  }

  if (build.result === "SUCCESS" && run.kind === "plan") {
    let artifacts: Awaited<ReturnType<typeof planArtifacts>>;
    try {
      artifacts = await planArtifacts(deps, job, build);
    } catch (err) {
      await finish(deps, run, { status: "failed", failureReason: (err as Error).message }, { result: build.result });
      return findRun(deps.db, runId);
    }
    await finish(
      deps,
      run,
      { status: "succeeded", ...artifacts },
      { result: build.result, planSha256: artifacts.planSha256 },
    );
  } else if (build.result === "SUCCESS") {
    await finish(deps, run, { status: "succeeded" }, { result: build.result });
  } else if (build.result === "ABORTED") {
    await finish(
      deps,
      run,
      { status: "aborted", failureReason: "the Jenkins build was aborted" },
      { result: build.result },
    );
  } else {
    const reason = (await failureReason(deps, job, n)) ?? `the Jenkins build ended ${build.result}`;
    await finish(deps, run, { status: "failed", failureReason: reason }, { result: build.result });
  }
  return findRun(deps.db, runId);
}
