// POST /api/applications/{app}/{env}/rollback {confirm: true, id, prune?, dryRun?} — redeploys the
// revision of one Argo CD history entry (the roles of Sync), audited: intent, started, outcome.
import { argoActionRoute } from "@/lib/server/applications/action-route";

export const dynamic = "force-dynamic";
export const POST = argoActionRoute("rollback");
