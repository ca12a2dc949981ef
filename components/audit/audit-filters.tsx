// The filter form of the audit page: a plain GET form, so filtering works without JavaScript
// and every filtered view is a shareable URL (the same query string the API and export take).
// Environment, application, action and outcome are pickers of what exists; actor and search take
// what the table shows (a name, an e-mail prefix, a short SHA, a name prefix).
import { AUDIT_ACTION_NAMES, AUDIT_OUTCOMES, auditActionLabel } from "@/lib/domain/audit-actions";
import styles from "./audit.module.css";

export type AuditFilterValues = Partial<Record<string, string>>;

function Picker({
  id,
  name,
  label,
  any,
  options,
  value,
}: {
  id: string;
  name: string;
  label: string;
  any: string;
  options: { value: string; label: string }[];
  value: string;
}) {
  // A value in the URL that is not an option (an old link) stays selectable, so the form shows what applies.
  const all = value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        <option value="">{any}</option>
        {all.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function AuditFilters({
  values,
  environments,
  applications,
}: {
  values: AuditFilterValues;
  /** The catalog's environments (name and display name) and applications, for the pickers. */
  environments: { name: string; displayName: string }[];
  applications: string[];
}) {
  const v = (k: string) => values[k] ?? "";
  return (
    // Keyed by the filters: a client-side navigation (a "related events" link) remounts the form, so
    // its uncontrolled fields show the filters in effect rather than the ones typed before.
    <form
      key={JSON.stringify(values)}
      method="get"
      action="/audit"
      className={styles.filters}
      aria-label="Filter audit events"
    >
      <div>
        <label htmlFor="f-actor">Actor (name or e-mail)</label>
        <input id="f-actor" name="actor" type="text" defaultValue={v("actor")} placeholder="Ana, or ana@nura" />
      </div>
      <Picker
        id="f-action"
        name="action"
        label="Action"
        any="Any action"
        value={v("action")}
        options={AUDIT_ACTION_NAMES.map((a) => ({ value: a, label: `${auditActionLabel(a)} (${a})` }))}
      />
      <Picker
        id="f-env"
        name="environment"
        label="Environment"
        any="Any environment"
        value={v("environment")}
        options={environments.map((e) => ({ value: e.name, label: `${e.displayName} (${e.name})` }))}
      />
      <Picker
        id="f-app"
        name="application"
        label="Application"
        any="Any application"
        value={v("application")}
        options={applications.map((a) => ({ value: a, label: a }))}
      />
      <Picker
        id="f-outcome"
        name="outcome"
        label="Outcome"
        any="Any outcome"
        value={v("outcome")}
        options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: o }))}
      />
      <div>
        <label htmlFor="f-from">From (UTC)</label>
        <input id="f-from" name="from" type="datetime-local" defaultValue={v("from")} />
      </div>
      <div>
        <label htmlFor="f-to">To (UTC)</label>
        <input id="f-to" name="to" type="datetime-local" defaultValue={v("to")} />
      </div>
      <div>
        <label htmlFor="f-correlation">Correlation id</label>
        <input
          id="f-correlation"
          name="correlationId"
          type="text"
          defaultValue={v("correlationId")}
          placeholder="from “related events”"
        />
      </div>
      <div className={styles.wide}>
        <label htmlFor="f-q">Search</label>
        <input
          id="f-q"
          name="q"
          type="search"
          defaultValue={v("q")}
          placeholder="short SHA, name prefix, build number, words…"
          aria-describedby="f-q-help"
        />
        <div id="f-q-help" className="muted small">
          Every word must start a word of the details or the application, environment, target, actor or action.
        </div>
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
