import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PlanReview } from "@/components/infra/plan-review/plan-review";
import { RunView } from "@/components/infra/runs/run-view";
import { requirePagePrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { evaluatePlanPolicy, type PlanSummary, summarisePlan } from "@/lib/domain/plan-review";
import { can } from "@/lib/domain/roles";
import { AppError } from "@/lib/http/errors";
import { infraConfig, runDto } from "@/lib/server/infra";

export const metadata: Metadata = { title: "Infrastructure run" };
export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePagePrincipal();
  const { id } = await params;
  const db = await getDb();
  const run = await runDto(db, id, infraConfig()).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const planRow = await db.infraRun.findUnique({
    where: { id: run.kind === "plan" ? run.id : (run.planRunId ?? run.id) },
    select: { planJson: true },
  });
  // Summarised from the stored plan.json on each view, so the review follows plan-review's current rules.
  let summary: PlanSummary | null = null;
  let unreadable: string | null = null;
  if (planRow?.planJson) {
    try {
      summary = summarisePlan(planRow.planJson);
    } catch (err) {
      unreadable = (err as Error).message;
    }
  }
  const own = principal.id === run.requestedById;
  return (
    <RunView
      initial={run}
      allowed={{
        approve: can(principal, "infra.approve", run.environment),
        apply: can(principal, "infra.apply", run.environment),
        abort: own || can(principal, run.kind === "plan" ? "infra.plan" : "infra.apply", run.environment),
      }}
    >
      {summary ? <PlanReview summary={summary} policy={evaluatePlanPolicy(summary, run.environment)} /> : null}
      {unreadable ? (
        <p className="alert" role="alert">
          The plan cannot be reviewed: {unreadable}
        </p>
      ) : null}
    </RunView>
  );
}
