"use client";
// "Plan <env>", "Check <env> for drift" and the admin's force-unlock (with a written reason) on the
// Infrastructure page.
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { fetchJson } from "@/lib/query/fetch-json";

/** Starts a plan of the environment; `driftCheck`: a drift check now (what the drift schedule runs). */
export function PlanButton({ environment, driftCheck = false }: { environment: string; driftCheck?: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const plan = async () => {
    setBusy(true);
    setError(null);
    try {
      const run = await fetchJson<{ id: string }>(`/api/infra/environments/${encodeURIComponent(environment)}/plan`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(driftCheck ? { driftCheck: true } : {}),
      });
      router.push(`/infrastructure/runs/${run.id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <div>
      <button type="button" className={driftCheck ? undefined : "primary"} disabled={busy} onClick={plan}>
        {busy ? "Starting…" : driftCheck ? `Check ${environment} for drift` : `Plan ${environment}`}
      </button>
      {error ? (
        <p role="alert" className="bad-text small">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function UnlockButton({ environment, holder }: { environment: string; holder: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const unlock = async () => {
    setError(null);
    try {
      await fetchJson(`/api/infra/environments/${encodeURIComponent(environment)}/unlock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reason }),
      });
      dialog.current?.close();
      router.refresh();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()}>
        Force unlock
      </button>
      <dialog ref={dialog} aria-labelledby={`unlock-${environment}`}>
        <h2 id={`unlock-${environment}`}>Force-unlock {environment}?</h2>
        <p>
          The lock is held by <strong>{holder}</strong>. Its run keeps going in Jenkins; only the portal's lock is
          dropped.
        </p>
        <label htmlFor={`unlock-reason-${environment}`}>Reason (written to the audit log)</label>
        <textarea
          id={`unlock-reason-${environment}`}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        {error ? (
          <p role="alert" className="bad-text small">
            {error}
          </p>
        ) : null}
        <div className="toolbar">
          <button type="button" className="primary" onClick={unlock}>
            Unlock
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}
