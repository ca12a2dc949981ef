// The filter form of the audit page: a plain GET form, so filtering works without JavaScript
// and every filtered view is a shareable URL (the same query string the API and export take).
import { AUDIT_ACTION_NAMES, AUDIT_OUTCOMES, auditActionLabel } from "@/lib/domain/audit-actions";
import styles from "./audit.module.css";

export type AuditFilterValues = Partial<Record<string, string>>;

export function AuditFilters({ values }: { values: AuditFilterValues }) {
  const v = (k: string) => values[k] ?? "";
  return (
    <form method="get" action="/audit" className={styles.filters} aria-label="Filter audit events">
      <div>
        <label htmlFor="f-actor">Actor (email)</label>
        <input id="f-actor" name="actor" type="text" defaultValue={v("actor")} placeholder="ana@nura.example" />
      </div>
      <div>
        <label htmlFor="f-action">Action</label>
        <select id="f-action" name="action" defaultValue={v("action")}>
          <option value="">Any action</option>
          {AUDIT_ACTION_NAMES.map((a) => (
            <option key={a} value={a}>
              {auditActionLabel(a)} ({a})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-env">Environment</label>
        <input id="f-env" name="environment" type="text" defaultValue={v("environment")} placeholder="prod" />
      </div>
      <div>
        <label htmlFor="f-app">Application</label>
        <input id="f-app" name="application" type="text" defaultValue={v("application")} placeholder="nura-core" />
      </div>
      <div>
        <label htmlFor="f-outcome">Outcome</label>
        <select id="f-outcome" name="outcome" defaultValue={v("outcome")}>
          <option value="">Any outcome</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-from">From (UTC)</label>
        <input id="f-from" name="from" type="datetime-local" defaultValue={v("from")} />
      </div>
      <div>
        <label htmlFor="f-to">To (UTC)</label>
        <input id="f-to" name="to" type="datetime-local" defaultValue={v("to")} />
      </div>
      <div className={styles.wide}>
        <label htmlFor="f-q">Search details</label>
        <input
          id="f-q"
          name="q"
          type="search"
          defaultValue={v("q")}
          placeholder="commit SHA, build number, plan hash, words…"
        />
      </div>
      {values.targetType ? <input type="hidden" name="targetType" value={values.targetType} /> : null}
      {values.targetId ? <input type="hidden" name="targetId" value={values.targetId} /> : null}
      <div className={styles.actions}>
        <button type="submit" className="primary">
          Apply filters
        </button>
        <a href="/audit">Clear</a>
      </div>
    </form>
  );
}
