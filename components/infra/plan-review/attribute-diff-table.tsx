// Before → after table of one resource's changed attributes. Sensitive values arrive already masked
// (lib/domain/plan-review never puts them in the summary); this only says so in words. A create lists
// its values and a destroy what it removes, in one value column; other changes get before and after.
import type { AttributeDiff, ChangeKind } from "@/lib/domain/plan-review";
import { type DiffColumns, diffRowsHtml } from "./diff-rows-html";
import styles from "./plan-review.module.css";

function columnsFor(kind: ChangeKind): DiffColumns {
  return kind === "create" ? "after" : kind === "delete" ? "before" : "both";
}

export function AttributeDiffTable({
  diff,
  caption,
  kind = "update",
}: {
  diff: AttributeDiff;
  caption: string;
  kind?: ChangeKind;
}) {
  if (diff.changes.length === 0) {
    return (
      <p className="muted small">No attribute changes{diff.unchanged > 0 ? ` (${diff.unchanged} unchanged)` : ""}.</p>
    );
  }
  const columns = columnsFor(kind);
  return (
    <div className="table-scroll">
      <table className={styles.diff}>
        <caption className="visually-hidden">{`${caption} (— means not set)`}</caption>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            {columns === "both" ? (
              <>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </>
            ) : (
              <th scope="col">{columns === "after" ? "Value" : "Value removed"}</th>
            )}
          </tr>
        </thead>
        <tbody
          // biome-ignore lint/security/noDangerouslySetInnerHtml: rows built by diffRowsHtml, every value escaped (see there)
          dangerouslySetInnerHTML={{ __html: diffRowsHtml(diff.changes, columns, styles.forces ?? "") }}
        />
      </table>
      {diff.unchanged > 0 ? <p className="muted small">{diff.unchanged} unchanged attributes hidden.</p> : null}
    </div>
  );
}
