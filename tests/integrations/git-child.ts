// A second portal process for git-push.integration-test.ts: three promotions of one application
// (dev, staging, prod) through the adapter on a cache dir another process is using at the same time.
// Prints the pushed commits as JSON.
import { loadCatalog } from "@/lib/catalog";
import { childProcessBaseEnv } from "@/lib/env";
import { createGitOpsClient } from "@/lib/integrations/git/client";

const [bare, cacheDir, appName] = process.argv.slice(2);
const catalog = loadCatalog("config/catalog.yaml");
const application = catalog.applications.find((a) => a.name === appName)!;
const gitops = createGitOpsClient({
  repoUrl: bare!,
  branch: "main",
  cacheDir: cacheDir!,
  committer: { name: "Nura Platform Portal", email: "portal@nura.example.com" },
  timeoutMs: 20_000,
  pushAttempts: 5,
  inherited: childProcessBaseEnv(),
});

const results = [];
for (const environment of ["dev", "staging", "prod"]) {
  const target = await gitops.readTarget(application, environment);
  results.push(
    await gitops.commitPromotion({
      promotionId: `prm_${process.pid}_${environment}`,
      application,
      environment,
      imageTag: "6.6.6",
      expectedBlobSha: target.blobSha,
      author: { name: "Dana Developer", email: "dana@nura.example.com" },
      approvers: [],
    }),
  );
}
process.stdout.write(JSON.stringify(results));
