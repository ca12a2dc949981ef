// How each kind of change looks: the `tofu plan` symbol, a badge tone and its words.
import type { ChangeKind, RiskCategory } from "@/lib/domain/plan-review";
import type { Tone } from "@/lib/domain/status-rollup";

export const KIND_STYLE: Record<ChangeKind, { symbol: string; tone: Tone; label: string }> = {
  create: { symbol: "+", tone: "ok", label: "create" },
  update: { symbol: "~", tone: "warn", label: "update" },
  delete: { symbol: "-", tone: "bad", label: "destroy" },
  replace: { symbol: "-/+", tone: "bad", label: "replace" },
  forget: { symbol: "×", tone: "neutral", label: "forget" },
  read: { symbol: "<=", tone: "neutral", label: "read" },
  "no-op": { symbol: " ", tone: "neutral", label: "no change" },
};

export const RISK_STYLE: Record<RiskCategory, { tone: Tone; label: string }> = {
  destroy: { tone: "bad", label: "destroy" },
  replace: { tone: "bad", label: "replace" },
  iam: { tone: "warn", label: "IAM" },
  "security-group": { tone: "warn", label: "security group" },
};

/** A stable anchor per resource change (an address can repeat for deposed objects). */
export function resourceAnchor(address: string, deposed?: string): string {
  let h = 0;
  const key = deposed ? `${address}#${deposed}` : address;
  for (let i = 0; i < key.length; i++) h = (Math.imul(31, h) + key.charCodeAt(i)) | 0;
  return `res-${(h >>> 0).toString(36)}`;
}
