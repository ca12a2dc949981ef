// Who started an Argo CD operation or deploy, in words (issue 13 item 2). Syncs the portal starts run
// under the portal's own Argo CD account, so Argo CD says "portal"; the person is in the audit log
// (the argocd.sync intent event, written just before the call). This matches the two by time.
import type { Initiator } from "@/lib/integrations/argocd/api";

export interface PortalSync {
  /** When the portal recorded the sync intent (ISO). */
  at: string;
  /** The person's name (or e-mail when the name is unknown). */
  actor: string;
}

/** How long after the audited intent Argo CD may report the operation as started. */
const MATCH_WINDOW_MS = 2 * 60_000;
/** Clock skew allowed the other way (Argo CD's clock slightly behind the portal's). */
const SKEW_MS = 5_000;

export function creditInitiator(
  initiator: Initiator,
  startedAt: string | null,
  ctx: { portalAccount: string; portalSyncs: readonly PortalSync[] },
): string {
  if (initiator.kind === "automated") return "auto-sync";
  if (initiator.username !== ctx.portalAccount) return initiator.username;
  const started = startedAt ? Date.parse(startedAt) : Number.NaN;
  let best: PortalSync | null = null;
  if (!Number.isNaN(started)) {
    for (const s of ctx.portalSyncs) {
      const at = Date.parse(s.at);
      if (at <= started + SKEW_MS && at >= started - MATCH_WINDOW_MS && (!best || at > Date.parse(best.at))) best = s;
    }
  }
  return best ? `${best.actor} (via portal)` : "the portal (no audited sync matches)";
}

/** The Argo CD account an API token belongs to: its JWT `sub` ("portal:apiKey" → "portal"). */
export function argoAccountOf(token: string | null | undefined, fallback = "portal"): string {
  const payload = token?.split(".")[1];
  if (!payload) return fallback;
  try {
    const sub: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")).sub;
    return typeof sub === "string" && sub ? sub.replace(/:apiKey$/, "") : fallback;
  } catch {
    return fallback;
  }
}
