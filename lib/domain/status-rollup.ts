// Status rollups shown as badges: one application in one environment, one environment card, and
// the freshness of each upstream source ("ok", "stale since …", "missing since …"). Pure.

export type Tone = "ok" | "warn" | "bad" | "info" | "neutral";

const RANK: Record<Tone, number> = { neutral: 0, ok: 1, info: 2, warn: 3, bad: 4 };

/** The worst of several tones (neutral = nothing known). */
export function worstTone(tones: Tone[]): Tone {
  return tones.reduce<Tone>((w, t) => (RANK[t] > RANK[w] ? t : w), "neutral");
}

export function appTone(a: { syncStatus: string; health: string; operationPhase?: string | null }): Tone {
  if (a.health === "Degraded" || a.health === "Missing") return "bad";
  if (a.operationPhase === "Failed" || a.operationPhase === "Error") return "bad";
  if (a.operationPhase === "Running" || a.operationPhase === "Terminating" || a.health === "Progressing") return "info";
  if (a.syncStatus === "OutOfSync" || a.health === "Suspended") return "warn";
  if (a.syncStatus === "Synced" && a.health === "Healthy") return "ok";
  return "neutral";
}

export function clusterTone(status: string): Tone {
  switch (status) {
    case "ACTIVE":
      return "ok";
    case "CREATING":
    case "UPDATING":
    case "PENDING":
      return "info";
    case "DELETING":
      return "warn";
    case "FAILED":
      return "bad";
    default:
      return "neutral";
  }
}

export function nodegroupTone(status: string, issues = 0): Tone {
  if (status === "DEGRADED" || status.endsWith("_FAILED")) return "bad";
  if (issues > 0) return "warn";
  return clusterTone(status);
}

export function workloadTone(w: { ready: number; desired: number; restartsLastHour: number }): Tone {
  if (w.desired > 0 && w.ready === 0) return "bad";
  if (w.ready < w.desired) return "warn";
  if (w.restartsLastHour > 0) return "warn";
  return "ok";
}

export type SourceState = "ok" | "stale" | "missing";

export interface SourceStatus {
  id: string;
  label: string;
  state: SourceState;
  /** For stale: when the data shown was fetched; for missing: since when it has failed. */
  since: string | null;
  error: string | null;
}

/** The overall status line: live when every source is ok. */
export function sourcesTone(sources: SourceStatus[]): Tone {
  if (sources.some((s) => s.state === "missing")) return "bad";
  if (sources.some((s) => s.state === "stale")) return "warn";
  return "ok";
}
