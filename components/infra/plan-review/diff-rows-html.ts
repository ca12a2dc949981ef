// The body rows of an attribute diff table as one HTML string. Why not React elements: a 1,000-resource
// plan has ~20,000 rows, and building them as elements cost more than the 200 ms budget of the whole
// page on this machine (bench/plan-review, bench/RESULTS.md); string building is several times faster.
// Every value goes through escapeHtml (tested with markup in values); nothing else is interpolated.
import type { AttributeChange, DisplayValue } from "@/lib/domain/plan-review";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function cell(v: DisplayValue): string {
  switch (v.kind) {
    case "value":
      return `<td>${escapeHtml(v.text)}</td>`;
    case "sensitive":
      return "<td><i>(sensitive value)</i></td>";
    case "unknown":
      return "<td><i>(known after apply)</i></td>";
    case "absent":
      return "<td>—</td>";
  }
}

/** `after`: a create's values; `before`: what a destroy removes; `both`: before and after columns. */
export type DiffColumns = "after" | "before" | "both";

export function diffRowsHtml(changes: readonly AttributeChange[], columns: DiffColumns, forcesClass: string): string {
  const forces = `<b class="${escapeHtml(forcesClass)}"> forces replacement</b>`;
  let html = "";
  for (const c of changes) {
    html += `<tr><th scope="row">${escapeHtml(c.path || "(whole object)")}${c.forcesReplacement ? forces : ""}</th>`;
    if (columns === "after") html += cell(c.after);
    else if (columns === "before") html += cell(c.before);
    else html += cell(c.before) + cell(c.after);
    html += "</tr>";
  }
  return html;
}
