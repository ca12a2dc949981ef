"use client";
// "Sync" and "Refresh": shown only to roles allowed in this environment, confirmed in a dialog,
// then the page polls every second to show the operation's progress.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { fetchJson } from "@/lib/query/fetch-json";
import type { ArgoActionResult } from "@/lib/server/applications/types";

type Action = "sync" | "refresh";

const TEXT: Record<Action, { button: string; title: string; body: (app: string, env: string) => string }> = {
  sync: {
    button: "Sync",
    title: "Sync with Argo CD?",
    body: (app, env) => `Argo CD will apply the GitOps revision of ${app} to ${env} now.`,
  },
  refresh: {
    button: "Refresh",
    title: "Refresh from git?",
    body: (app, env) => `Argo CD will re-read git and compare ${app} in ${env} now. Nothing is deployed.`,
  },
};

export function ArgoActions({
  app,
  env,
  argoApp,
  allowed,
}: {
  app: string;
  env: string;
  argoApp: string;
  allowed: { sync: boolean; refresh: boolean };
}) {
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState<Action | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "bad"; text: string } | null>(null);

  const mutation = useMutation({
    mutationFn: (action: Action) =>
      fetchJson<ArgoActionResult>(`/api/applications/${encodeURIComponent(app)}/${encodeURIComponent(env)}/${action}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ confirm: true }),
      }),
    onSuccess: (r) => {
      setMessage({
        tone: "ok",
        text: r.action === "sync" ? `Sync of ${argoApp} started.` : `Refresh of ${argoApp} requested.`,
      });
      void queryClient.invalidateQueries({ queryKey: ["application", app, env] });
      void queryClient.invalidateQueries({ queryKey: ["overview"] });
    },
    onError: (err: Error) => setMessage({ tone: "bad", text: err.message }),
  });

  if (!allowed.sync && !allowed.refresh) {
    return <p className="muted small">Your role may not sync or refresh in {env}.</p>;
  }
  const open = (a: Action) => {
    setPending(a);
    setMessage(null);
    dialog.current?.showModal();
  };
  const confirm = () => {
    dialog.current?.close();
    if (pending) mutation.mutate(pending);
  };

  return (
    <div className="toolbar">
      {allowed.sync ? (
        <button type="button" className="primary" disabled={mutation.isPending} onClick={() => open("sync")}>
          Sync
        </button>
      ) : null}
      {allowed.refresh ? (
        <button type="button" disabled={mutation.isPending} onClick={() => open("refresh")}>
          Refresh
        </button>
      ) : null}
      {mutation.isPending ? <span className="muted small">Asking Argo CD…</span> : null}
      {message ? (
        <span role="status" className={`small ${message.tone === "bad" ? "bad-text" : ""}`}>
          {message.text}
        </span>
      ) : null}
      <dialog ref={dialog} className="confirm" aria-labelledby="argo-confirm-title" onClose={() => setPending(null)}>
        {pending ? (
          <form method="dialog" onSubmit={(e) => e.preventDefault()}>
            <h2 id="argo-confirm-title">{TEXT[pending].title}</h2>
            <p>{TEXT[pending].body(app, env)}</p>
            <div className="toolbar">
              <button type="button" className="primary" onClick={confirm}>
                {TEXT[pending].button} {argoApp}
              </button>
              <button type="button" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
    </div>
  );
}
