"use client";
// "Roll back" on a deployed promotion: choose the earlier succeeded promotion to go back to, write
// why, confirm — then POST /api/promotions/{that one}/rollback. The rollback is a promotion of its
// own (committed, synced and verified by the executor); this panel lists the ones started since
// this promotion, with their state, while the page polls.
import Link from "next/link";
import { useState } from "react";
import { Time, useTimeZone } from "@/components/ui/time";
import { isTerminal } from "@/lib/domain/promotions/status";
import { formatDateTime, shortSha } from "@/lib/domain/time-format";
import type { RollbackPanel as Panel } from "@/lib/server/promotion-views/rollback";
import styles from "./promotions.module.css";
import { StatusBadge } from "./status-badge";
import { useRollback } from "./use-promotion-action";

/**
 * The "requested" note lasts while the rollback it answered is under way: once that run has ended
 * (succeeded, failed…) the list above says so and the note would be stale.
 */
function requestedInFlight(runs: Panel["runs"], answer: unknown): boolean {
  const id = (answer as { id?: unknown } | null)?.id;
  const run = runs.find((r) => r.id === id);
  return !run || !isTerminal(run.status);
}

function Runs({ runs }: { runs: Panel["runs"] }) {
  if (runs.length === 0) return null;
  return (
    <ul className="plain" data-testid="rollback-runs">
      {runs.map((r) => (
        <li key={r.id} data-testid="rollback-run">
          <StatusBadge status={r.status} testId="rollback-status" /> back to <code>{r.imageTag}</code> by{" "}
          <strong>{r.requestedBy}</strong> <Time className="small muted" iso={r.createdAt} />{" "}
          <Link href={`/promotions/${r.id}`}>open the rollback</Link>
          {r.commitSha ? (
            <span className="small muted">
              {" "}
              · commit <code>{shortSha(r.commitSha)}</code>
            </span>
          ) : null}
          {r.reason ? <div className="small">“{r.reason}”</div> : null}
          {r.failureReason ? (
            <div className="small alert" data-testid="rollback-failure">
              {r.failureReason}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function RollbackSection({
  promotionId,
  environment,
  panel,
}: {
  promotionId: string;
  environment: string;
  panel: Panel;
}) {
  const zone = useTimeZone();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState(panel.targets[0]?.id ?? "");
  const [reason, setReason] = useState("");
  const rollback = useRollback(promotionId);
  const chosen = panel.targets.find((t) => t.id === target) ?? panel.targets[0];
  const shortReason = reason.trim().length < panel.minReasonLength;
  const { permission } = panel;
  const submit = () => {
    if (!chosen) return;
    rollback.mutate(
      { targetId: chosen.id, reason: reason.trim() },
      {
        onSuccess: () => {
          setOpen(false);
          setReason("");
        },
      },
    );
  };
  return (
    <section className="card" aria-labelledby="rollback-h" data-testid="rollback">
      <h2 id="rollback-h">Roll back</h2>
      <Runs runs={panel.runs} />
      {!open ? (
        <div>
          <button
            type="button"
            disabled={!permission.allowed}
            aria-describedby={permission.allowed ? undefined : "why-rollback"}
            onClick={() => {
              rollback.reset();
              setOpen(true);
            }}
          >
            Roll back…
          </button>
          {permission.allowed ? null : (
            <div id="why-rollback" className="small muted">
              {permission.reason}
            </div>
          )}
        </div>
      ) : (
        <form
          className={styles.decision}
          aria-label="Confirm the rollback"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label htmlFor="rollback-target">Go back to</label>
          <select id="rollback-target" value={chosen?.id ?? ""} onChange={(e) => setTarget(e.target.value)}>
            {panel.targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.imageTag} (succeeded {formatDateTime(t.finishedAt, zone)})
              </option>
            ))}
          </select>
          {panel.laterDeployed ? (
            <p className="small alert" data-testid="rollback-later">
              A later promotion ({panel.laterDeployed.imageTag}) deployed since this one: rolling back replaces it too.
            </p>
          ) : null}
          <label htmlFor="rollback-reason">
            Why (required, at least {panel.minReasonLength} characters; it goes into the commit and the audit log)
          </label>
          <textarea
            id="rollback-reason"
            value={reason}
            maxLength={2000}
            required
            onChange={(e) => setReason(e.target.value)}
          />
          <p className="small">
            This commits <code>{chosen?.imageTag}</code> to the {environment} values file and syncs it, without
            approvals.
          </p>
          <div className={styles.actions}>
            <button type="submit" className="primary" disabled={shortReason || rollback.isPending || !chosen}>
              {rollback.isPending ? "Rolling back…" : `Roll back ${environment} to ${chosen?.imageTag ?? "…"}`}
            </button>
            <button type="button" onClick={() => setOpen(false)} disabled={rollback.isPending}>
              Keep it
            </button>
          </div>
        </form>
      )}
      {rollback.isError ? (
        <p className="alert" role="alert">
          {rollback.error.message}
        </p>
      ) : null}
      {rollback.isSuccess && requestedInFlight(panel.runs, rollback.data) ? (
        <p className="small" role="status">
          Rollback requested; its progress shows above.
        </p>
      ) : null}
    </section>
  );
}
