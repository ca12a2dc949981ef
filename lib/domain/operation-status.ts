// What an Argo CD operation says in words, for the overview cell, the environment card and the
// application page: a failed sync must read as failed in text, not only as a red border (issue 13).
import type { Tone } from "./status-rollup";

export interface OperationSummaryInput {
  phase: string;
  message: string | null;
  resourcesDone?: number | null;
  resourcesTotal?: number | null;
}

export interface OperationSummary {
  /** "Sync failed: one or more objects failed to apply", "Syncing 3/7 resources", "Last sync succeeded". */
  text: string;
  tone: Tone;
  /** Running or terminating: the page shows progress and disables new operations. */
  inProgress: boolean;
  /** Failed or errored: the page says so next to the sync badge. */
  failed: boolean;
}

const MAX_MESSAGE = 200;

function message(m: string | null): string {
  const t = (m ?? "").trim().replace(/\s+/g, " ");
  return t.length > MAX_MESSAGE ? `${t.slice(0, MAX_MESSAGE - 1)}…` : t;
}

export function summariseOperation(op: OperationSummaryInput | null | undefined): OperationSummary | null {
  if (!op) return null;
  const m = message(op.message);
  switch (op.phase) {
    case "Running": {
      const progress =
        op.resourcesTotal && op.resourcesTotal > 0 ? ` ${op.resourcesDone ?? 0}/${op.resourcesTotal} resources` : "";
      return { text: `Syncing${progress}…`, tone: "info", inProgress: true, failed: false };
    }
    case "Terminating":
      return { text: "Terminating the sync…", tone: "info", inProgress: true, failed: false };
    case "Failed":
    case "Error":
      return {
        text: `Sync ${op.phase === "Failed" ? "failed" : "errored"}${m ? `: ${m}` : ""}`,
        tone: "bad",
        inProgress: false,
        failed: true,
      };
    case "Succeeded":
      return { text: "Last sync succeeded", tone: "ok", inProgress: false, failed: false };
    default:
      return { text: `Sync ${op.phase}${m ? `: ${m}` : ""}`, tone: "neutral", inProgress: false, failed: false };
  }
}
