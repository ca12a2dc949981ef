"use client";
// The request page's one action: POST /api/promotions, then open the new promotion's page.
import { useRouter } from "next/navigation";
import { useState } from "react";
import styles from "./promotions.module.css";

export function RequestButton({
  application,
  toEnvironment,
  imageTag,
  disabledReason,
}: {
  application: string;
  toEnvironment: string;
  imageTag: string | null;
  /** Why the user cannot request (role, no newer tag…); the button is disabled and says so. */
  disabledReason: string | null;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/promotions", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ application, toEnvironment, imageTag }),
      });
      const body = (await res.json().catch(() => null)) as { id?: string; message?: string } | null;
      if (!res.ok || !body?.id) throw new Error(body?.message ?? `HTTP ${res.status}`);
      router.push(`/promotions/${body.id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <div data-testid="request" className={styles.requestBar}>
      <button
        type="button"
        className="primary"
        disabled={Boolean(disabledReason) || busy || !imageTag}
        aria-describedby={disabledReason ? "request-why" : undefined}
        onClick={submit}
      >
        {busy ? "Requesting…" : `Request ${imageTag ?? ""} → ${toEnvironment}`}
      </button>
      {disabledReason ? (
        <p id="request-why" className="small muted">
          {disabledReason}
        </p>
      ) : null}
      {error ? (
        <p className="alert" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
