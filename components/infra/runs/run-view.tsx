"use client";
// The live run page: status, stages with progress, the console as Jenkins writes it, the lock, and
// the actions the caller may take (approve, apply, abort). The plan review is rendered on the server
// and passed in as children (it appears once the plan exists).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Time } from "@/components/ui/time";
import { isDriftCheck } from "@/lib/domain/infra-runs";
import { runHeading } from "@/lib/domain/page-headings";
import { fetchJson } from "@/lib/query/fetch-json";
import type { RunDto } from "@/lib/server/infra/types";
import { RunStatusBadge } from "./status-badge";
import { useRunStream } from "./use-run-stream";

export interface RunPermissions {
  approve: boolean;
  apply: boolean;
  abort: boolean;
}

const STAGE_TONE: Record<string, string> = {
  SUCCESS: "ok",
  IN_PROGRESS: "info",
  FAILED: "bad",
  ABORTED: "warn",
  UNSTABLE: "warn",
  NOT_EXECUTED: "neutral",
};

export function RunView({
  initial,
  allowed,
  children,
}: {
  initial: RunDto;
  allowed: RunPermissions;
  children?: ReactNode;
}) {
  const router = useRouter();
  const { run, console: text, ended, upstreamError } = useRunStream(initial, () => router.refresh());
  const pre = useRef<HTMLPreElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when text grows
  useEffect(() => {
    const el = pre.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [text]);
  const live = run.status === "pending" || run.status === "queued" || run.status === "running";
  const done = run.stages.filter((s) => s.status !== "NOT_EXECUTED" && s.status !== "IN_PROGRESS").length;

  return (
    <>
      <div className="env-card-head">
        <h1>{runHeading(run)}</h1>
        <RunStatusBadge status={run.status} />
      </div>
      <dl className="facts">
        <dt>Requested by</dt>
        <dd>
          {run.requestedBy ?? "—"}
          {run.trigger === "schedule" ? " (scheduled drift check)" : run.trigger === "drift" ? " (drift check)" : ""} ·{" "}
          <Time iso={run.createdAt} seconds />
        </dd>
        {run.planRunId ? (
          <>
            <dt>Plan</dt>
            <dd>
              <Link href={`/infrastructure/runs/${run.planRunId}`}>the plan this apply applies</Link>
            </dd>
          </>
        ) : null}
        <dt>Plan sha256</dt>
        <dd>
          <code data-testid="plan-sha256">{run.planSha256 ?? "not yet known"}</code>
        </dd>
        <dt>Lock</dt>
        <dd data-testid="run-lock">
          {run.lock ? (
            <>
              held by {run.lock.holderName} until <Time iso={run.lock.expiresAt} seconds />
            </>
          ) : (
            "not held"
          )}
        </dd>
        {run.kind === "plan" && run.status === "succeeded" && isDriftCheck(run.trigger) ? (
          <>
            <dt>Drift</dt>
            <dd data-testid="drift-verdict">
              {run.hasChanges
                ? "found: the infrastructure differs from the OpenTofu configuration (applying this plan puts it back)"
                : "none: the infrastructure matches the OpenTofu configuration"}
            </dd>
          </>
        ) : null}
        {run.kind === "plan" && run.status === "succeeded" ? (
          <>
            <dt>Approval</dt>
            <dd data-testid="approval">
              {run.approvedBy
                ? `approved by ${run.approvedBy}${run.approvalReason ? ` — “${run.approvalReason}”` : ""}`
                : "not approved"}
              {run.unusableReason ? <span className="muted"> · {run.unusableReason}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>

      {run.failureReason ? (
        <div className="alert" role="alert" data-testid="failure">
          <strong>{run.status === "aborted" ? "Aborted" : "Failed"}:</strong> {run.failureReason}
          {run.failureHint ? <p>{run.failureHint}</p> : null}
        </div>
      ) : null}
      {upstreamError && live ? (
        <div className="alert" role="status" data-testid="upstream-error">
          Jenkins: {upstreamError} (retrying)
        </div>
      ) : null}

      <Actions
        run={run}
        allowed={allowed}
        onDone={(id) => (id === run.id ? router.refresh() : router.push(`/infrastructure/runs/${id}`))}
      />

      <h2>Stages</h2>
      {run.stages.length === 0 ? (
        <p className="muted">
          {run.status === "queued" ? "Waiting for Jenkins to start the build…" : "No stage has started."}
        </p>
      ) : (
        <>
          <progress className="progress" max={run.stages.length} value={done} aria-label="stages done" />
          <ol className="plain inline-list" data-testid="stages">
            {run.stages.map((s) => (
              <li key={s.id}>
                <span className={`badge ${STAGE_TONE[s.status] ?? "neutral"}`} title={s.error ?? s.status}>
                  {s.name}: {s.status.toLowerCase().replace("_", " ")}
                  {s.durationMs > 0 ? ` · ${(s.durationMs / 1000).toFixed(1)} s` : ""}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}

      {children}

      <h2>Console {live && !ended ? <span className="badge info">live</span> : null}</h2>
      <pre ref={pre} className="console" data-testid="console" style={{ maxHeight: "28rem", overflow: "auto" }}>
        {text || (live ? "Waiting for the build's first output…" : "")}
      </pre>
    </>
  );
}

function Actions({ run, allowed, onDone }: { run: RunDto; allowed: RunPermissions; onDone: (runId: string) => void }) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const post = async (path: string, body: unknown) => {
    setBusy(true);
    setError(null);
    try {
      const r = await fetchJson<RunDto>(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      onDone(r.id);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const live = run.status === "pending" || run.status === "queued" || run.status === "running";
  const reviewable = run.kind === "plan" && run.status === "succeeded" && !run.unusableReason;
  return (
    <div className="card" style={{ margin: "1rem 0" }}>
      {reviewable && !run.approvedBy && allowed.approve ? (
        <div>
          <label htmlFor="approval-reason">Approval note (required by policy for protected prod changes)</label>
          <textarea id="approval-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      ) : null}
      <div className="toolbar">
        {reviewable && !run.approvedBy && allowed.approve ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => post(`/api/infra/runs/${run.id}/approve`, reason ? { reason } : {})}
          >
            Approve plan
          </button>
        ) : null}
        {reviewable && run.approvedBy && allowed.apply ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => post(`/api/infra/runs/${run.id}/apply`, {})}
          >
            Apply plan
          </button>
        ) : null}
        {live && allowed.abort ? (
          <button type="button" disabled={busy} onClick={() => post(`/api/infra/runs/${run.id}/abort`, {})}>
            Abort
          </button>
        ) : null}
        {!live && !reviewable ? <span className="muted small">No action is open on this run.</span> : null}
      </div>
      {error ? (
        <p role="alert" className="bad-text" data-testid="action-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
