// POST /api/applications/{app}/{env}/sync {confirm: true, prune?, dryRun?, resources?} — starts an Argo CD sync
// (roles allowed argocd.sync in that environment), audited with its outcome.
import { argoActionRoute } from "@/lib/server/applications/action-route";

export const dynamic = "force-dynamic";
export const POST = argoActionRoute("sync");
