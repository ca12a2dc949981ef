// POST /api/applications/{app}/{env}/terminate {confirm: true} — asks Argo CD to terminate the
// running operation (DELETE …/operation; the roles of Sync), audited with its outcome.
import { argoActionRoute } from "@/lib/server/applications/action-route";

export const dynamic = "force-dynamic";
export const POST = argoActionRoute("terminate");
