// Every reviewed resource change, grouped by module and then by resource type.
import type { ModuleGroup, PlanCounts } from "@/lib/domain/plan-review";
import styles from "./plan-review.module.css";
import { ResourceChange } from "./resource-change";

function countLine(c: PlanCounts): string {
  const parts = [
    c.add > 0 ? `${c.add} to add` : null,
    c.change > 0 ? `${c.change} to change` : null,
    c.destroy > 0 ? `${c.destroy} to destroy` : null,
    c.replace > 0 ? `${c.replace} to replace` : null,
    c.forget > 0 ? `${c.forget} to forget` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "no changes";
}

export function moduleLabel(moduleAddress: string | null): string {
  return moduleAddress ?? "root module";
}

export function PlanResourceGroups({ groups }: { groups: ModuleGroup[] }) {
  return (
    <section aria-labelledby="plan-resources-heading">
      <h2 id="plan-resources-heading">Resources by module</h2>
      {groups.length === 0 ? <p className="muted">No resource changes.</p> : null}
      {groups.map((g) => (
        <section key={g.moduleAddress ?? ""} className={styles.module} data-testid="plan-module">
          <h3>
            <code>{moduleLabel(g.moduleAddress)}</code> <span className="muted small">{countLine(g.counts)}</span>
          </h3>
          {g.types.map((t) => (
            <div key={t.type} className={styles.type}>
              <h4>
                {t.type} ({t.resources.length})
              </h4>
              {t.resources.map((r) => (
                <ResourceChange key={`${r.address}#${r.deposed ?? ""}`} resource={r} />
              ))}
            </div>
          ))}
        </section>
      ))}
    </section>
  );
}
