import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PlanReview } from "@/components/infra/plan-review/plan-review";
import { RunView } from "@/components/infra/runs/run-view";
import { requirePagePrincipal } from "@/lib/auth/session";
import { environmentScope, getCatalog, planRulesOf } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { evaluatePlanPolicy, type PlanSummary } from "@/lib/domain/plan-review";
import { can } from "@/lib/domain/roles";
import { errorStatus } from "@/lib/http/errors";
import { infraConfig, runDto } from "@/lib/server/infra";

export const metadata: Metadata = { title: "Infrastructure run" };
export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requirePagePrincipal();
  const { id } = await params;
  const db = await getDb();
  const run = await runDto(db, id, infraConfig()).catch((err: unknown) => {
    if (errorStatus(err) === 404) notFound();
    throw err;
  });
  // The summary the tracker stored when the plan finished: the one approve and apply check.
  const planRow = await db.infraRun.findUnique({
    where: { id: run.kind === "plan" ? run.id : (run.planRunId ?? run.id) },
    select: { summary: true },
  });
  const summary = (planRow?.summary ?? null) as PlanSummary | null;
  const own = principal.id === run.requestedById;
  const catalog = await getCatalog();
  const scope = environmentScope(catalog, run.environment);
  return (
    <RunView
      initial={run}
      allowed={{
        approve: can(principal, "infra.approve", scope),
        apply: can(principal, "infra.apply", scope),
        abort: own || can(principal, run.kind === "plan" ? "infra.plan" : "infra.apply", scope),
      }}
    >
      {summary ? (
        <PlanReview summary={summary} policy={evaluatePlanPolicy(summary, planRulesOf(catalog, run.environment))} />
      ) : null}
    </RunView>
  );
}
