// The world follows the catalog, and SANDBOX_EXTRA_APPS grows it to the benchmark's 3 × 20 with a
// catalog file the portal is pointed at (CATALOG_PATH), so both sides see the same applications.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseCatalog } from "@/lib/catalog";
import { startWorld, type World } from "@/sandbox/world";

let world: World;

beforeAll(async () => {
  world = await startWorld({ services: [], extraApps: 17 });
});
afterAll(async () => {
  await world?.stop();
});

it("runs 3 environments × 20 applications, with a catalog file for the portal", async () => {
  const catalog = parseCatalog(readFileSync(world.env.CATALOG_PATH!, "utf8"));
  expect(catalog.applications).toHaveLength(20);
  expect(catalog.applications.map((a) => a.name)).toContain("svc-17");
  const res = await fetch(`${world.env.ARGOCD_URL}/api/v1/applications?fields=items.metadata.name`, {
    headers: { authorization: `Bearer ${world.env.ARGOCD_TOKEN}` },
  });
  const names = ((await res.json()) as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name);
  expect(names).toHaveLength(60);
  expect(names).toContain("svc-17-prod");
  // generated values files are real files in the GitOps repo, with history
  const values = execFileSync("git", [
    "--git-dir",
    world.env.GITOPS_REPO_URL!,
    "show",
    "main:helm/svc-05/values-staging.yaml",
  ]).toString();
  expect(values).toMatch(/tag: "\d+\.\d+\.\d+"/);
  const commits = execFileSync("git", [
    "--git-dir",
    world.env.GITOPS_REPO_URL!,
    "log",
    "--oneline",
    "main",
    "--",
    "helm/svc-05/values-dev.yaml",
  ]).toString();
  expect(commits.trim().split("\n").length).toBeGreaterThan(1);
});
