"use client";
// Verify the chain and record checkpoints (auditor/admin). Both are POSTs to /api/audit/*,
// each recorded as an audit event by the server.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import styles from "./audit.module.css";

type VerifyResult = {
  ok: boolean;
  checked: number;
  headSeq: string;
  headHash: string;
  fromSeq: string;
  durationMs: number;
  firstBreak: { seq: string; reason: string; message: string } | null;
  checkpoints: { id: string; seq: string; matches: boolean | null; signatureCheck: string }[];
};
type Checkpoint = { id: string; seq: string; hash: string; signature: string | null };

async function postJson<T>(url: string, body: unknown = {}): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.message ?? `${res.status} ${res.statusText}`);
  return json as T;
}

/** `signingKeySet`: AUDIT_SIGNING_KEY is configured, so signed checkpoints can exist and anchor a partial verify. */
export function VerifyPanel({ signingKeySet }: { signingKeySet: boolean }) {
  const router = useRouter();
  const verify = useMutation({
    mutationFn: (from: "genesis" | "latest-signed") =>
      postJson<VerifyResult>("/api/audit/verify", from === "genesis" ? {} : { fromCheckpointId: from }),
    onSuccess: () => router.refresh(),
  });
  const checkpoint = useMutation({
    mutationFn: () => postJson<Checkpoint>("/api/audit/checkpoints"),
    onSuccess: () => router.refresh(),
  });
  const r = verify.data;
  return (
    <section className={`card ${styles.verify}`} aria-labelledby="verify-heading">
      <h2 id="verify-heading" className="visually-hidden">
        Chain verification
      </h2>
      <div className={styles.actions}>
        <button type="button" className="primary" onClick={() => verify.mutate("genesis")} disabled={verify.isPending}>
          {verify.isPending ? "Verifying…" : "Verify chain"}
        </button>
        {signingKeySet ? (
          <button type="button" onClick={() => verify.mutate("latest-signed")} disabled={verify.isPending}>
            Verify since last signed checkpoint
          </button>
        ) : null}
        <button type="button" onClick={() => checkpoint.mutate()} disabled={checkpoint.isPending}>
          {checkpoint.isPending ? "Recording…" : "Create checkpoint"}
        </button>
      </div>
      <div role="status" aria-live="polite" data-testid="verify-result">
        {verify.isError ? <p className="alert">Verification failed to run: {verify.error.message}</p> : null}
        {r?.ok ? (
          <p>
            <span className="badge ok">intact</span> {r.checked.toLocaleString("en")} events verified
            {r.fromSeq !== "0" ? ` from signed checkpoint #${r.fromSeq}` : ""} up to #{r.headSeq}{" "}
            <span className="muted small">
              ({r.durationMs} ms, head {r.headHash.slice(0, 12)}…, {r.checkpoints.length} checkpoint
              {r.checkpoints.length === 1 ? "" : "s"})
            </span>
          </p>
        ) : null}
        {r && !r.ok ? (
          <div className="alert">
            <p>
              <span className="badge bad">broken</span>{" "}
              {r.firstBreak ? (
                <>
                  First broken link at event{" "}
                  <a href={`/audit?before=${BigInt(r.firstBreak.seq) + 1n}`}>#{r.firstBreak.seq}</a>:{" "}
                  {r.firstBreak.message}
                </>
              ) : (
                "a checkpoint does not match or its signature is invalid"
              )}
            </p>
            <ul className="small">
              {r.checkpoints
                .filter((c) => c.matches === false || c.signatureCheck === "invalid")
                .map((c) => (
                  <li key={c.id}>
                    checkpoint #{c.seq}: {c.matches === false ? "hash does not match" : "signature invalid"}
                  </li>
                ))}
            </ul>
          </div>
        ) : null}
        {checkpoint.isError ? <p className="alert">Checkpoint failed: {checkpoint.error.message}</p> : null}
        {checkpoint.data ? (
          <p className="small">
            Checkpoint recorded at #{checkpoint.data.seq} ({checkpoint.data.hash.slice(0, 12)}…)
            {checkpoint.data.signature ? ", signed" : ", unsigned (set AUDIT_SIGNING_KEY to sign)"}.
          </p>
        ) : null}
      </div>
    </section>
  );
}
