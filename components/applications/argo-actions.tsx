"use client";
// Sync (with options: prune, dry run, selected resources), Refresh, Terminate and Roll back: shown
// only to roles allowed in this environment, each confirmed in a dialog. While an operation runs,
// Sync, Refresh and Roll back are disabled and Terminate is offered; the page polls every second.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { shortSha } from "@/lib/domain/time-format";
import { resourceKey as key, type SyncResource } from "@/lib/integrations/argocd/api";
import { fetchJson } from "@/lib/query/fetch-json";
import type { ArgoActionResult } from "@/lib/server/applications/types";

export type ActionName = "sync" | "refresh" | "rollback" | "terminate";

/** POSTs one action and refreshes the page's data; the message says "started" for operations. */
export function useArgoAction(app: string, env: string, argoApp: string) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ tone: "ok" | "bad"; text: string } | null>(null);
  const mutation = useMutation({
    mutationFn: ({ action, body }: { action: ActionName; body: Record<string, unknown> }) =>
      fetchJson<ArgoActionResult>(`/api/applications/${encodeURIComponent(app)}/${encodeURIComponent(env)}/${action}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ confirm: true, ...body }),
      }),
    onSuccess: (r) => {
      const text: Record<ActionName, string> = {
        sync: `Sync of ${argoApp} started. Its outcome is recorded in the audit log when Argo CD finishes.`,
        rollback: `Rollback of ${argoApp} started. Its outcome is recorded in the audit log when Argo CD finishes.`,
        refresh: `Refresh of ${argoApp} requested.`,
        terminate: `Termination of the running operation of ${argoApp} requested.`,
      };
      setMessage({ tone: "ok", text: text[r.action] });
      void queryClient.invalidateQueries({ queryKey: ["application", app, env] });
      void queryClient.invalidateQueries({ queryKey: ["overview"] });
    },
    onError: (err: Error) => setMessage({ tone: "bad", text: err.message }),
  });
  return { mutation, message, setMessage };
}

function Dialog({
  dialog,
  title,
  children,
  confirmLabel,
  onConfirm,
}: {
  dialog: React.RefObject<HTMLDialogElement | null>;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
}) {
  const id = `dlg-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <dialog ref={dialog} className="confirm" aria-labelledby={id}>
      <form method="dialog" onSubmit={(e) => e.preventDefault()}>
        <h2 id={id}>{title}</h2>
        {children}
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

export function ArgoActions({
  app,
  env,
  argoApp,
  allowed,
  inProgress,
  resources,
}: {
  app: string;
  env: string;
  argoApp: string;
  allowed: { sync: boolean; refresh: boolean };
  /** An Argo CD operation is running: no new one may start, it may be terminated. */
  inProgress: boolean;
  /** The application's managed resources, for "sync only these". */
  resources: SyncResource[];
}) {
  const { mutation, message, setMessage } = useArgoAction(app, env, argoApp);
  const syncDialog = useRef<HTMLDialogElement>(null);
  const refreshDialog = useRef<HTMLDialogElement>(null);
  const terminateDialog = useRef<HTMLDialogElement>(null);
  const [prune, setPrune] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());

  if (!allowed.sync && !allowed.refresh) {
    return <p className="muted small">Your role may not sync or refresh in {env}.</p>;
  }
  const open = (d: React.RefObject<HTMLDialogElement | null>) => {
    setMessage(null);
    d.current?.showModal();
  };
  const busy = mutation.isPending || inProgress;
  const chosen = resources.filter((r) => selected.has(key(r)));

  return (
    <div className="toolbar" data-testid="argo-actions">
      {allowed.sync ? (
        <button type="button" className="primary" disabled={busy} onClick={() => open(syncDialog)}>
          Sync
        </button>
      ) : null}
      {allowed.refresh ? (
        <button type="button" disabled={busy} onClick={() => open(refreshDialog)}>
          Refresh
        </button>
      ) : null}
      {allowed.sync && inProgress ? (
        <button type="button" className="danger" disabled={mutation.isPending} onClick={() => open(terminateDialog)}>
          Terminate
        </button>
      ) : null}
      {inProgress ? <span className="muted small">An operation is running: Sync and Refresh wait for it.</span> : null}
      {mutation.isPending ? <span className="muted small">Asking Argo CD…</span> : null}
      {message ? (
        <span role="status" className={`small ${message.tone === "bad" ? "bad-text" : ""}`}>
          {message.text}
        </span>
      ) : null}

      <Dialog
        dialog={syncDialog}
        title="Sync with Argo CD?"
        confirmLabel={`${dryRun ? "Dry-run sync" : "Sync"} ${argoApp}`}
        onConfirm={() =>
          mutation.mutate({
            action: "sync",
            body: { prune, dryRun, ...(chosen.length ? { resources: chosen } : {}) },
          })
        }
      >
        <p>
          Argo CD will apply the GitOps revision of {app} to {env} now
          {chosen.length ? ` (only the ${chosen.length} selected resources)` : ""}.
        </p>
        <fieldset className="sync-options">
          <legend>Options</legend>
          <label>
            <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} /> Prune: delete
            resources no longer in git
          </label>
          <label>
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run: validate
            and compare only, change nothing
          </label>
        </fieldset>
        {resources.length ? (
          <fieldset className="sync-options">
            <legend>Resources (none selected: all)</legend>
            {resources.map((r) => (
              <label key={key(r)}>
                <input
                  type="checkbox"
                  checked={selected.has(key(r))}
                  onChange={(e) => {
                    const next = new Set(selected);
                    if (e.target.checked) next.add(key(r));
                    else next.delete(key(r));
                    setSelected(next);
                  }}
                />{" "}
                {r.kind} <code>{r.name}</code>
              </label>
            ))}
          </fieldset>
        ) : null}
      </Dialog>
      <Dialog
        dialog={refreshDialog}
        title="Refresh from git?"
        confirmLabel={`Refresh ${argoApp}`}
        onConfirm={() => mutation.mutate({ action: "refresh", body: {} })}
      >
        <p>
          Argo CD will re-read git and compare {app} in {env} now. Nothing is deployed.
        </p>
      </Dialog>
      <Dialog
        dialog={terminateDialog}
        title="Terminate the running operation?"
        confirmLabel={`Terminate ${argoApp}'s operation`}
        onConfirm={() => mutation.mutate({ action: "terminate", body: {} })}
      >
        <p>Argo CD stops the operation where it is; resources already applied stay as they are.</p>
      </Dialog>
    </div>
  );
}

/** "Roll back" on a history row: redeploys that entry's revision (refused by Argo CD under auto-sync). */
export function RollbackButton({
  app,
  env,
  argoApp,
  id,
  revision,
  disabled,
}: {
  app: string;
  env: string;
  argoApp: string;
  id: number;
  revision: string;
  disabled: boolean;
}) {
  const { mutation, message, setMessage } = useArgoAction(app, env, argoApp);
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        className="small"
        disabled={disabled || mutation.isPending}
        aria-label={`Roll back to history entry ${id}`}
        onClick={() => {
          setMessage(null);
          dialog.current?.showModal();
        }}
      >
        Roll back
      </button>
      {message ? (
        <span role="status" className={`small ${message.tone === "bad" ? "bad-text" : ""}`}>
          {" "}
          {message.text}
        </span>
      ) : null}
      <Dialog
        dialog={dialog}
        title={`Roll back to entry ${id}?`}
        confirmLabel={`Roll back ${argoApp} to #${id}`}
        onConfirm={() => mutation.mutate({ action: "rollback", body: { id } })}
      >
        <p>
          Argo CD will redeploy revision <code>{shortSha(revision)}</code> of {app} to {env}. Git is not changed, so the
          application reads OutOfSync until git moves too.
        </p>
      </Dialog>
    </>
  );
}
