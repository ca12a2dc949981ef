import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { PlanReview } from "@/components/infra/plan-review/plan-review";
import { RunView } from "@/components/infra/runs/run-view";
import { requirePagePrincipal } from "@/lib/auth/session";
import { environmentScope, getCatalog, planRulesOf } from "@/lib/catalog";
import { getDb } from "@/lib/db";
import { runHeading } from "@/lib/domain/page-headings";
import { evaluatePlanPolicy, type PlanSummary } from "@/lib/domain/plan-review";
import { can } from "@/lib/domain/roles";
import { errorStatus } from "@/lib/http/errors";
import { infraConfig, runDto } from "@/lib/server/infra";

type Props = { params: Promise<{ id: string }> };

// One read per request, shared by the title and the page (React's request-scoped cache).
const runFor = cache(async (id: string) => {
  await requirePagePrincipal();
  return runDto(await getDb(), id, infraConfig()).catch((err: unknown) => {
    if (errorStatus(err) === 404) notFound();
    throw err;
  });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: runHeading(await runFor((await params).id)) };
}
export const dynamic = "force-dynamic";

export default async function RunPage({ params }: Props) {
  const principal = await requirePagePrincipal();
  const run = await runFor((await params).id);
  const db = await getDb();
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
