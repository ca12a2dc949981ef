// The four DORA keys for the filtered promotions, one row per application × environment, and the
// charts. The numbers are server-rendered; Recharts draws after first paint.
import { LazyDoraCharts } from "@/components/charts/lazy-dora-charts";
import { formatDuration } from "@/lib/domain/dora";
import type { DoraView } from "@/lib/server/promotion-views/dora";
import styles from "./promotions.module.css";

const pct = (v: number | null) => (v === null ? "–" : `${Math.round(v * 1000) / 10} %`);

export function DoraSection({ dora, windowLabel }: { dora: DoraView; windowLabel: string }) {
  const s = dora.overall.summary;
  return (
    <section aria-labelledby="dora-h" data-testid="dora">
      <h2 id="dora-h">Delivery performance (DORA, {windowLabel})</h2>
      <div className={styles.doraCards}>
        <div className="card">
          <div className="metric-label">Deployment frequency</div>
          <div className={styles.doraValue} data-testid="dora-frequency">
            {s.deploymentsPerDay} / day
          </div>
          <div className="small muted">{s.succeeded} succeeded</div>
        </div>
        <div className="card">
          <div className="metric-label">Lead time for changes (median)</div>
          <div className={styles.doraValue} data-testid="dora-lead-time">
            {formatDuration(s.leadTimeMedianMs)}
          </div>
          <div className="small muted">first dev commit → succeeded</div>
        </div>
        <div className="card">
          <div className="metric-label">Change failure rate</div>
          <div className={styles.doraValue} data-testid="dora-failure-rate">
            {pct(s.changeFailureRate)}
          </div>
          <div className="small muted">
            {s.failures} of {s.deployments} deployments failed or rolled back
          </div>
        </div>
        <div className="card">
          <div className="metric-label">Time to restore (median)</div>
          <div className={styles.doraValue} data-testid="dora-restore">
            {formatDuration(s.timeToRestoreMedianMs)}
          </div>
          <div className="small muted">bad change → rolled back or fixed</div>
        </div>
      </div>
      {s.deployments > 0 ? (
        <LazyDoraCharts days={dora.overall.days} />
      ) : (
        <p className="muted">No deployments in this window.</p>
      )}
      {dora.rows.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="dora-table">
            <caption className="visually-hidden">DORA keys per application and environment</caption>
            <thead>
              <tr>
                <th scope="col">Application</th>
                <th scope="col">Environment</th>
                <th scope="col">Deployments / day</th>
                <th scope="col">Lead time</th>
                <th scope="col">Change failure rate</th>
                <th scope="col">Time to restore</th>
              </tr>
            </thead>
            <tbody>
              {dora.rows.map((r) => (
                <tr key={`${r.application}-${r.environment}`}>
                  <td>{r.application}</td>
                  <td>{r.environment}</td>
                  <td>
                    {r.report.summary.deploymentsPerDay} ({r.report.summary.succeeded} of {r.report.summary.deployments}
                    )
                  </td>
                  <td>{formatDuration(r.report.summary.leadTimeMedianMs)}</td>
                  <td>{pct(r.report.summary.changeFailureRate)}</td>
                  <td>{formatDuration(r.report.summary.timeToRestoreMedianMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
