// The environments × applications catalog, loaded from a YAML file and validated with zod.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import type { PlanRules } from "./domain/plan-rules";
import { freezeWindowSchema } from "./domain/promotions/freeze";
import type { EnvironmentScope } from "./domain/roles";

const envName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "must be a lowercase DNS-style name");

export const environmentSchema = z
  .object({
    name: envName,
    displayName: z.string().min(1),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Kubernetes namespace name"),
    eksCluster: z.string().min(1),
    awsRegion: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, "must be an AWS region like eu-west-1"),
    approvalsRequired: z.number().int().min(0).max(5),
    autoSync: z.boolean(),
    grafanaDashboardUid: z.string().min(1),
    // A protected environment takes a second person: developers may not sync, roll back, plan or apply
    // there (lib/domain/roles). Omitted, it follows approvalsRequired: an environment whose promotions
    // need an approver is protected, so a catalog cannot leave prod open by forgetting the key.
    protected: z.boolean().optional(),
    // Infrastructure plans (lib/domain/infra-runs, lib/domain/plan-review). fourEyesPlans: whoever asked for
    // a plan may not approve it. strictPlanReview: a plan that destroys or replaces a database, cache,
    // cluster, KMS key or the state bucket needs an admin's approval with a written reason. Omitted, each
    // follows approvalsRequired ≥ 2 (the environment whose promotions already take two other people);
    // true in an environment that is not protected is refused: there is no second person to ask.
    fourEyesPlans: z.boolean().optional(),
    strictPlanReview: z.boolean().optional(),
    // Promotion policy of this environment as a target (lib/domain/promotions). The defaults keep a
    // catalog written before these keys valid: no soak, no freeze, approvals valid a day.
    minSoakMinutes: z.number().int().min(0).max(10_080).default(0),
    approvalTtlMinutes: z.number().int().min(1).max(43_200).default(1_440),
    requestTtlMinutes: z.number().int().min(1).max(43_200).default(4_320),
    freezeWindows: z.array(freezeWindowSchema).default([]),
    verification: z
      .strictObject({
        windowMinutes: z.number().int().min(1).max(240).default(5),
        maxErrorRatio: z.number().min(0).max(1).default(0.05),
        maxP95Ms: z.number().positive().default(1_000),
      })
      .default({ windowMinutes: 5, maxErrorRatio: 0.05, maxP95Ms: 1_000 }),
  })
  .refine((e) => !(e.protected === true && e.approvalsRequired === 0), {
    path: ["protected"],
    message: "a protected environment needs approvalsRequired ≥ 1 (its second person)",
  })
  .transform(({ protected: isProtected, fourEyesPlans, strictPlanReview, ...e }) => ({
    ...e,
    protected: isProtected ?? e.approvalsRequired > 0,
    fourEyesPlans: fourEyesPlans ?? e.approvalsRequired >= 2,
    strictPlanReview: strictPlanReview ?? e.approvalsRequired >= 2,
  }))
  .superRefine((e, ctx) => {
    for (const key of ["fourEyesPlans", "strictPlanReview"] as const) {
      if (e[key] && !e.protected) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} needs a protected environment (protected: false here, so nobody is the second person)`,
        });
      }
    }
  });

export const applicationSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,50}$/, "must be a lowercase DNS-style name"),
  description: z.string().default(""),
  chartPath: z.string().min(1),
  valuesFiles: z.record(envName, z.string().regex(/\.ya?ml$/, "must be a .yaml file")),
  imageTagPath: z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, "must be a dotted YAML path"),
  argocdApps: z.record(envName, z.string().min(1)),
});

export const catalogSchema = z
  .object({
    environments: z.array(environmentSchema).min(1),
    promotionPath: z.array(envName).min(1),
    applications: z.array(applicationSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const names = new Set(c.environments.map((e) => e.name));
    if (names.size !== c.environments.length) {
      ctx.addIssue({ code: "custom", path: ["environments"], message: "environment names must be unique" });
    }
    c.promotionPath.forEach((e, i) => {
      if (!names.has(e))
        ctx.addIssue({ code: "custom", path: ["promotionPath", i], message: `unknown environment "${e}"` });
    });
    c.applications.forEach((app, i) => {
      for (const key of ["valuesFiles", "argocdApps"] as const) {
        for (const env of names) {
          if (!app[key][env]) {
            ctx.addIssue({
              code: "custom",
              path: ["applications", i, key, env],
              message: `missing for environment "${env}"`,
            });
          }
        }
        for (const env of Object.keys(app[key])) {
          if (!names.has(env)) {
            ctx.addIssue({
              code: "custom",
              path: ["applications", i, key, env],
              message: `unknown environment "${env}"`,
            });
          }
        }
      }
    });
  });

export type Catalog = z.infer<typeof catalogSchema>;
export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type ApplicationConfig = z.infer<typeof applicationSchema>;

export class CatalogError extends Error {
  override name = "CatalogError";
}

export function parseCatalog(yamlText: string, source = "catalog"): Catalog {
  let raw: unknown;
  try {
    raw = parse(yamlText);
  } catch (err) {
    throw new CatalogError(`${source}: not valid YAML: ${(err as Error).message}`);
  }
  const result = catalogSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new CatalogError(`${source} is invalid:\n${lines.join("\n")}`);
  }
  return result.data;
}

const cache = new Map<string, Catalog>();

export function loadCatalog(path: string): Catalog {
  let catalog = cache.get(path);
  if (!catalog) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new CatalogError(`CATALOG_PATH: cannot read ${path}: ${(err as NodeJS.ErrnoException).code}`);
    }
    catalog = parseCatalog(text, path);
    cache.set(path, catalog);
  }
  return catalog;
}

export function findEnvironment(c: Pick<Catalog, "environments">, name: string) {
  return c.environments.find((e) => e.name === name);
}

/**
 * The environment an environment-scoped permission is checked against (lib/domain/roles `can`). One the
 * catalog does not know is treated as protected: an unknown name never opens the developer's rules.
 */
export function environmentScope(c: Pick<Catalog, "environments">, name: string): EnvironmentScope {
  const env = findEnvironment(c, name);
  return env ? { name: env.name, protected: env.protected } : { name, protected: true };
}

/**
 * The plan rules of an environment (lib/domain/infra-runs `approvalRefusal`, lib/domain/plan-review
 * `evaluatePlanPolicy`). One the catalog does not know gets the strict rules, as environmentScope does.
 */
export function planRulesOf(c: Pick<Catalog, "environments">, name: string): PlanRules {
  const env = findEnvironment(c, name);
  return env
    ? { name: env.name, fourEyesPlans: env.fourEyesPlans, strictPlanReview: env.strictPlanReview }
    : { name, fourEyesPlans: true, strictPlanReview: true };
}

export function findApplication(c: Catalog, name: string) {
  return c.applications.find((a) => a.name === name);
}

/** The environment an image is promoted to from `from`, or undefined at the end of the path. */
export function nextEnvironment(c: Catalog, from: string): string | undefined {
  const i = c.promotionPath.indexOf(from);
  return i >= 0 ? c.promotionPath[i + 1] : undefined;
}

/** The configured catalog (CATALOG_PATH), parsed once per process. */
export async function getCatalog(): Promise<Catalog> {
  const { getEnv } = await import("./env");
  return loadCatalog(getEnv().CATALOG_PATH);
}
