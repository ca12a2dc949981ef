import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PlanReview } from "@/components/infra/plan-review/plan-review";
import { requirePagePrincipal } from "@/lib/auth/session";
import { getCatalog, planRulesOf } from "@/lib/catalog";
import { evaluatePlanPolicy, summarisePlan } from "@/lib/domain/plan-review";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sandbox plan review" };
export const dynamic = "force-dynamic";

// The plan review rendered on the committed real plans (tofu against moto, see the fixtures'
// README), so the review can be looked at before any run exists. SANDBOX only: a 404 in production.
const FIXTURES = path.join(process.cwd(), "lib/domain/plan-review/fixtures");

function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".plan.json"))
    .map((f) => f.replace(/\.plan\.json$/, ""))
    .sort();
}

export default async function SandboxPlanReviewPage({
  searchParams,
}: {
  searchParams: Promise<{ plan?: string; env?: string }>;
}) {
  if (!getEnv().SANDBOX) notFound();
  await requirePagePrincipal();
  const { plan, env } = await searchParams;
  const names = fixtureNames();
  const catalog = await getCatalog();
  // The picker offers the catalog's environments; the policy is the chosen one's catalog rules.
  const environments = catalog.environments.map((e) => e.name);
  const selected = plan && names.includes(plan) ? plan : names[0];
  const environment =
    env && environments.includes(env)
      ? env
      : (catalog.environments.find((e) => e.strictPlanReview) ?? catalog.environments.at(-1))!.name;
  if (!selected) notFound();
  const summary = summarisePlan(readFileSync(path.join(FIXTURES, `${selected}.plan.json`), "utf8"));
  return (
    <>
      <h1>Sandbox plan review</h1>
      <p className="muted">
        Real <code>tofu show -json</code> plans of the dev tree against moto, reviewed as the run page reviews a plan;
        the policy is evaluated as if the plan were for the environment chosen.
      </p>
      <nav aria-label="Plans" className="toolbar">
        {names.map((n) => (
          <Link key={n} href={`?plan=${n}&env=${environment}`} aria-current={n === selected ? "page" : undefined}>
            {n}
          </Link>
        ))}
        <span className="muted">policy as:</span>
        {environments.map((e) => (
          <Link key={e} href={`?plan=${selected}&env=${e}`} aria-current={e === environment ? "page" : undefined}>
            {e}
          </Link>
        ))}
      </nav>
      <PlanReview summary={summary} policy={evaluatePlanPolicy(summary, planRulesOf(catalog, environment))} />
    </>
  );
}
