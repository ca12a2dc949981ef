// The history's filters as a plain GET form: works without JavaScript, and the URL is shareable.
import type { HistoryFilters } from "@/lib/domain/promotion-filters";
import styles from "./promotions.module.css";

const STATES = [
  ["", "any state"],
  ["active", "in flight or awaiting approval"],
  ["requested", "requested"],
  ["succeeded", "succeeded"],
  ["failed", "failed"],
  ["rolled_back", "rolled back"],
  ["rejected", "rejected"],
  ["cancelled", "cancelled"],
  ["expired", "expired"],
  ["superseded", "superseded"],
] as const;

export function HistoryFiltersForm({
  filters,
  applications,
  environments,
}: {
  filters: HistoryFilters;
  applications: string[];
  environments: { name: string; displayName: string }[];
}) {
  return (
    <form className={styles.filters} method="get" action="/promotions" aria-label="Filter promotions">
      <div>
        <label htmlFor="f-application">Application</label>
        <select id="f-application" name="application" defaultValue={filters.application ?? ""}>
          <option value="">all</option>
          {applications.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-environment">Environment</label>
        <select id="f-environment" name="environment" defaultValue={filters.environment ?? ""}>
          <option value="">all</option>
          {environments.map((e) => (
            <option key={e.name} value={e.name}>
              {e.displayName}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-state">State</label>
        <select id="f-state" name="state" defaultValue={filters.state ?? ""}>
          {STATES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-person">Person</label>
        <input
          id="f-person"
          name="person"
          type="search"
          defaultValue={filters.person ?? ""}
          placeholder="name or email"
        />
      </div>
      <div>
        <label htmlFor="f-window">Time</label>
        <select id="f-window" name="window" defaultValue={filters.window}>
          <option value="24h">last 24 hours</option>
          <option value="7d">last 7 days</option>
          <option value="30d">last 30 days</option>
          <option value="90d">last 90 days</option>
        </select>
      </div>
      <div className={styles.filterActions}>
        <button type="submit" className="primary">
          Apply
        </button>
        <a href="/promotions">Clear</a>
      </div>
    </form>
  );
}
