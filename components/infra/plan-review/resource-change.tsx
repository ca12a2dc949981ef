// One resource change, collapsed to its address and kind; expands (<details>) to why and its diff.
import type { ResourceSummary } from "@/lib/domain/plan-review";
import { AttributeDiffTable } from "./attribute-diff-table";
import { KIND_STYLE, RISK_STYLE, resourceAnchor } from "./change-kind";
import styles from "./plan-review.module.css";

function notes(r: ResourceSummary): string[] {
  const out: string[] = [];
  if (r.reasonText) out.push(`Why: ${r.reasonText}.`);
  if (r.replacePaths.length > 0) out.push(`Replacement forced by: ${r.replacePaths.join(", ")}.`);
  if (r.replaceOrderText) out.push(`Order: ${r.replaceOrderText}.`);
  if (r.deposed) out.push(`Applies to the deposed object ${r.deposed} (left by an earlier create_before_destroy).`);
  if (r.previousAddress) out.push(`Moved from ${r.previousAddress}.`);
  if (r.importingId) out.push(`Imports the existing object ${r.importingId}.`);
  if (r.outsideChange === "deleted") out.push("Deleted outside OpenTofu: this plan creates it again.");
  if (r.outsideChange === "changed") out.push("Changed outside OpenTofu: this plan sets it back.");
  return out;
}

export function ResourceChange({
  resource: r,
  open = false,
  anchorPrefix = "",
}: {
  resource: ResourceSummary;
  open?: boolean;
  /** Keeps anchors unique when one address is listed twice (the plan and its drift). */
  anchorPrefix?: string;
}) {
  const kind = KIND_STYLE[r.kind];
  const lines = notes(r);
  return (
    <details
      className={styles.resource}
      id={anchorPrefix + resourceAnchor(r.address, r.deposed)}
      open={open}
      data-testid="plan-resource"
    >
      <summary>
        <span className={styles.symbol} aria-hidden="true">
          {kind.symbol}
        </span>
        <span className={`badge ${kind.tone}`}>{kind.label}</span>
        <code>{r.address}</code>
        {r.deposed ? <span className="muted small">(deposed {r.deposed})</span> : null}
        {r.risks
          .filter((risk) => risk !== "destroy" && risk !== "replace")
          .map((risk) => (
            <span key={risk} className={`badge ${RISK_STYLE[risk].tone}`}>
              {RISK_STYLE[risk].label}
            </span>
          ))}
      </summary>
      <div className={styles.body}>
        {lines.length > 0 ? (
          <ul className={styles.notes}>
            {lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        ) : null}
        <AttributeDiffTable diff={r.diff} kind={r.kind} caption={`Attribute changes of ${r.address}`} />
      </div>
    </details>
  );
}
