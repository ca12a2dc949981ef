// POST /api/applications/{app}/{env}/refresh {confirm: true} — asks Argo CD to re-read git now
// (roles allowed argocd.refresh in that environment), audited with its outcome.
import { argoActionRoute } from "@/lib/server/applications/action-route";

export const dynamic = "force-dynamic";
export const POST = argoActionRoute("refresh");
