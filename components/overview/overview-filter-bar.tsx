"use client";
// The overview's search box and "problems only" toggle (issue 13 item 7). The filter lives in the
// URL (?q=&problems=1, replaced in place, no history entry per keystroke) so it can be shared.
import type { OverviewFilter } from "@/lib/domain/overview-filter";

export function OverviewFilterBar({
  filter,
  onChange,
  shown,
  total,
}: {
  filter: OverviewFilter;
  onChange: (f: OverviewFilter) => void;
  shown: number;
  total: number;
}) {
  return (
    <search className="toolbar overview-filter" aria-label="Filter applications">
      <label htmlFor="overview-q" className="visually-hidden">
        Filter applications
      </label>
      <input
        id="overview-q"
        type="search"
        placeholder="Filter by name, description or tag"
        value={filter.q}
        onChange={(e) => onChange({ ...filter, q: e.target.value })}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={filter.problemsOnly}
          onChange={(e) => onChange({ ...filter, problemsOnly: e.target.checked })}
        />{" "}
        Problems only
      </label>
      <output className="muted small" aria-live="polite" data-testid="filter-count">
        {shown === total ? `${total} applications` : `Showing ${shown} of ${total} applications`}
      </output>
    </search>
  );
}
