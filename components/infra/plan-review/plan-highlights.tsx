// Risky changes at the top of the review: destroys, replacements, IAM and security-group changes,
// each linking to its expanded diff below. A long list (a whole environment destroyed) shows the first
// ones, protected kinds first, and folds the rest.
import type { Highlight } from "@/lib/domain/plan-review";
import { PROTECTED_KIND_LABEL } from "@/lib/domain/plan-review";
import { RISK_STYLE, resourceAnchor } from "./change-kind";
import styles from "./plan-review.module.css";

const SHOWN = 12;

function HighlightItem({ h }: { h: Highlight }) {
  return (
    <li>
      {h.categories.map((c) => (
        <span key={c} className={`badge ${RISK_STYLE[c].tone}`}>
          {RISK_STYLE[c].label}
        </span>
      ))}
      <a href={`#${resourceAnchor(h.address)}`}>
        <code>{h.address}</code>
      </a>
      {h.protectedKind ? <strong>{PROTECTED_KIND_LABEL[h.protectedKind]}</strong> : null}
      <span className="small">{h.detail}</span>
    </li>
  );
}

export function PlanHighlights({ highlights }: { highlights: Highlight[] }) {
  const rest = highlights.slice(SHOWN);
  return (
    <section className={`card ${highlights.length > 0 ? styles.risky : ""}`} aria-labelledby="plan-highlights-heading">
      <h2 id="plan-highlights-heading">Needs a second look ({highlights.length})</h2>
      {highlights.length === 0 ? (
        <p className="muted">No destroy, replacement, IAM or security-group change in this plan.</p>
      ) : (
        <>
          <ul className={styles.riskList} data-testid="plan-highlights">
            {highlights.slice(0, SHOWN).map((h) => (
              <HighlightItem key={`${h.address}#${h.kind}`} h={h} />
            ))}
          </ul>
          {rest.length > 0 ? (
            <details className={styles.more}>
              <summary>{rest.length} more</summary>
              <ul className={styles.riskList}>
                {rest.map((h) => (
                  <HighlightItem key={`${h.address}#${h.kind}`} h={h} />
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}
