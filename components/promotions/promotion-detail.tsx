"use client";
// One promotion, live: state, who approved (N of M), Approve / Reject / Cancel for those who may
// (disabled with the reason for the others), commit and revert, Argo CD while it deploys, the
// verification, the Slack thread and every step of the timeline. Seeded by the server render,
// then polled (lib/query/promotions.ts).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { SourceStatusBar } from "@/components/overview/source-status";
import { Time } from "@/components/ui/time";
import { shortSha } from "@/lib/domain/time-format";
import { promotionQuery } from "@/lib/query/promotions";
import type { Permission, PromotionView, TimelineStep } from "@/lib/server/promotion-views/detail";
import styles from "./promotions.module.css";
import { RollbackSection } from "./rollback-panel";
import { ShaLink } from "./sha-link";
import { StatusBadge } from "./status-badge";
import { UnifiedDiff } from "./unified-diff";
import { type PromotionAction, usePromotionAction } from "./use-promotion-action";

function ActionButton({
  label,
  permission,
  onClick,
  busy,
  primary,
}: {
  label: string;
  permission: Permission;
  onClick: () => void;
  busy: boolean;
  primary?: boolean;
}) {
  const reasonId = `why-${label.toLowerCase()}`;
  return (
    <div>
      <button
        type="button"
        className={primary ? "primary" : undefined}
        disabled={!permission.allowed || busy}
        aria-describedby={permission.allowed ? undefined : reasonId}
        onClick={onClick}
      >
        {label}
      </button>
      {permission.allowed ? null : (
        <div id={reasonId} className="small muted">
          {permission.reason}
        </div>
      )}
    </div>
  );
}

function Decision({ view }: { view: PromotionView }) {
  const [comment, setComment] = useState("");
  const action = usePromotionAction(view.id);
  const { approve, reject, cancel, isRequester } = view.permissions;
  const run = (a: PromotionAction) => action.mutate({ action: a, comment });
  const awaiting = view.status === "requested" || view.status === "approved";
  if (!awaiting) return null;
  return (
    <section className="card" aria-labelledby="decide-h" data-testid="decision">
      <h2 id="decide-h">Decision</h2>
      <div className={styles.decision}>
        {approve.allowed || reject.allowed ? (
          <div>
            <label htmlFor="decision-comment">Comment (optional)</label>
            <textarea
              id="decision-comment"
              value={comment}
              maxLength={1000}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
        ) : null}
        <div className={styles.actions}>
          {view.status === "requested" ? (
            <ActionButton
              label="Approve"
              primary
              permission={approve}
              busy={action.isPending}
              onClick={() => run("approve")}
            />
          ) : null}
          <ActionButton label="Reject" permission={reject} busy={action.isPending} onClick={() => run("reject")} />
          {cancel.allowed || isRequester ? (
            <ActionButton label="Cancel" permission={cancel} busy={action.isPending} onClick={() => run("cancel")} />
          ) : null}
        </div>
        {action.isError ? (
          <p className="alert" role="alert">
            {action.error.message}
          </p>
        ) : null}
        {action.isSuccess ? (
          <p className="small" role="status">
            Done.
          </p>
        ) : null}
      </div>
    </section>
  );
}

/**
 * The unit a verification check is stated in, and its numbers in it: the error ratio is stored as a
 * fraction and read as a percentage, the p95 in milliseconds. One unit per row, named in its column.
 */
function checkUnit(name: string): { unit: string; show: (v: number) => string } {
  if (name === "error ratio") return { unit: "%", show: (v) => `${Number((v * 100).toPrecision(3))}` };
  if (name === "p95 latency") return { unit: "ms", show: (v) => `${Math.round(v)}` };
  return { unit: "", show: (v) => String(v) };
}

function diffOf(timeline: TimelineStep[]): string | null {
  for (const step of timeline) if (typeof step.details.diff === "string") return step.details.diff;
  return null;
}

function stepTone(s: TimelineStep): string | undefined {
  if (s.outcome === "failure" || s.outcome === "denied" || /failed|rolled_back|rejected/.test(s.action))
    return styles.bad;
  if (/succeeded/.test(s.action)) return styles.ok;
  return undefined;
}

const DETAIL_KEYS_SHOWN = [
  "comment",
  "reason",
  "error",
  "sha",
  "commitSha",
  "revertSha",
  "revision",
  "phase",
  "message",
];

function StepDetails({ details }: { details: Record<string, unknown> }) {
  const shown = DETAIL_KEYS_SHOWN.filter((k) => details[k] !== undefined && details[k] !== null && details[k] !== "");
  if (shown.length === 0) return null;
  return (
    <div className="small muted">
      {shown.map((k) => (
        <span key={k}>
          {k}: {typeof details[k] === "string" ? (details[k] as string) : JSON.stringify(details[k])}{" "}
        </span>
      ))}
    </div>
  );
}

export function PromotionDetail({ id, pollIntervalMs }: { id: string; pollIntervalMs: number }) {
  const { data: v, error } = useQuery(promotionQuery(id, pollIntervalMs));
  if (!v) return <p className="alert">This promotion could not be loaded{error ? `: ${error.message}` : ""}.</p>;
  const verification = v.verification;
  const diff = diffOf(v.timeline);
  const failedSlack = v.slack.messages.filter((m) => m.status === "failed");
  const retryingSlack = v.slack.messages.filter((m) => m.status === "pending" && m.attempts > 0);
  return (
    <div className={styles.stack}>
      <p>
        <StatusBadge status={v.status} /> requested by <strong>{v.requestedBy?.name ?? "unknown user"}</strong> on{" "}
        <Time iso={v.createdAt} />
      </p>
      {error ? <SourceStatusBar sources={[]} generatedAt={v.generatedAt} refreshError={error.message} /> : null}
      {v.failureReason ? (
        <p className="alert" data-testid="failure-reason">
          <strong>Why:</strong> {v.failureReason}
        </p>
      ) : null}
      <Decision view={v} />
      {v.rollback ? <RollbackSection promotionId={v.id} environment={v.toEnvironment} panel={v.rollback} /> : null}
      <div className={styles.twoCol}>
        <section className="card" aria-labelledby="facts-h">
          <h2 id="facts-h">Change</h2>
          <dl className="facts" data-testid="promotion-facts">
            <dt>Application</dt>
            <dd>{v.application}</dd>
            <dt>Image tag</dt>
            <dd>
              <code>{v.imageTag}</code> from {v.fromEnvironment} to {v.toEnvironment}
            </dd>
            <dt>Commit</dt>
            <dd>
              {v.commit ? <ShaLink link={v.commit} testId="commit-sha" /> : <span className="muted">not yet</span>}
            </dd>
            {v.revert ? (
              <>
                <dt>Revert</dt>
                <dd>
                  <ShaLink link={v.revert} testId="revert-sha" />
                </dd>
              </>
            ) : null}
            <dt>Slack</dt>
            <dd>
              {v.slack.permalink ? (
                <a href={v.slack.permalink} data-testid="slack-thread">
                  Slack thread
                </a>
              ) : v.slack.configured ? (
                <span className="muted">{v.slack.messages.length ? "posting…" : "no message yet"}</span>
              ) : (
                <span className="muted">Slack is not configured</span>
              )}
            </dd>
          </dl>
          {failedSlack.length ? (
            <p className="alert small" data-testid="slack-failed">
              {failedSlack.length} Slack message{failedSlack.length > 1 ? "s" : ""} could not be sent:{" "}
              {failedSlack
                .map((m) => `${m.kind.replace("promotion.", "")} (${m.lastError ?? "unknown error"})`)
                .join("; ")}
            </p>
          ) : null}
          {retryingSlack.length ? (
            <p className="small muted">
              Slack is retrying {retryingSlack.length} message{retryingSlack.length > 1 ? "s" : ""} (
              {retryingSlack[0]!.lastError}).
            </p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="approvals-h" data-testid="approvals">
          <h2 id="approvals-h">
            Approvals {v.approvals.live} of {v.approvals.required}
          </h2>
          {v.approvals.list.length === 0 ? (
            <p className="muted">
              {v.approvals.required === 0 ? "No approval needed in this environment." : "No decision yet."}
            </p>
          ) : (
            <ul className="plain">
              {v.approvals.list.map((a) => (
                <li key={a.approver.id}>
                  <strong>{a.approver.name}</strong>{" "}
                  <span className={`badge ${a.decision === "approved" ? "ok" : "bad"}`}>{a.decision}</span>{" "}
                  {a.notCounted ? (
                    <span className="badge neutral" data-testid="approval-not-counted">
                      {a.notCounted}
                    </span>
                  ) : null}{" "}
                  <Time className="small muted" iso={a.at} />
                  {a.comment ? <div className="small">“{a.comment}”</div> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="argo-h" data-testid="argo-live">
        <h2 id="argo-h">Argo CD</h2>
        {v.argo ? (
          <dl className="facts">
            <dt>Application</dt>
            <dd>
              <code>{v.argo.app}</code>
            </dd>
            <dt>Sync / health</dt>
            <dd>
              {v.argo.syncStatus} · {v.argo.health}
              {v.argo.healthMessage ? <span className="muted"> ({v.argo.healthMessage})</span> : null}
            </dd>
            <dt>Running</dt>
            <dd>
              <code>{v.argo.imageTag ?? "–"}</code> at{" "}
              {v.argo.revision ? <code>{shortSha(v.argo.revision)}</code> : "–"}
            </dd>
            {v.argo.operation ? (
              <>
                <dt>Operation</dt>
                <dd data-testid="argo-operation">
                  {v.argo.operation.phase}: {v.argo.operation.message}{" "}
                  <span className="muted">
                    ({v.argo.operation.resourcesDone}/{v.argo.operation.resourcesTotal} resources)
                  </span>
                </dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p className="muted">
            {v.argoError ? `Argo CD is unavailable: ${v.argoError}` : "Shown once the promotion deploys."}
          </p>
        )}
      </section>
      {verification ? (
        <section className="card" aria-labelledby="verify-h" data-testid="verification">
          <h2 id="verify-h">Verification</h2>
          <p>
            <span className={`badge ${verification.passed ? "ok" : "bad"}`}>
              {verification.passed ? "passed" : "failed"}
            </span>{" "}
            {verification.summary}
          </p>
          {verification.checks.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Unit</th>
                  <th scope="col">Worst in the window</th>
                  <th scope="col">Limit</th>
                  <th scope="col">Samples</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {verification.checks.map((c) => {
                  const u = checkUnit(c.name);
                  return (
                    <tr key={c.name}>
                      <td>{c.name}</td>
                      <td>{u.unit}</td>
                      <td title={c.detail}>{c.value === null ? "no data" : u.show(c.value)}</td>
                      <td>{u.show(c.threshold)}</td>
                      <td>{c.samples}</td>
                      <td>
                        <span className={`badge ${c.ok ? "ok" : "bad"}`}>{c.ok ? "pass" : "fail"}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
      {diff ? (
        <section aria-labelledby="diff-h">
          <h2 id="diff-h">Values change</h2>
          <UnifiedDiff diff={diff} label={`Diff of the ${v.toEnvironment} values file`} />
        </section>
      ) : null}
      <section aria-labelledby="timeline-h" data-testid="timeline">
        <h2 id="timeline-h">Timeline</h2>
        {v.timeline.length === 0 ? (
          <p className="muted">No steps recorded yet.</p>
        ) : (
          <ol className={styles.timeline}>
            {v.timeline.map((s) => (
              <li key={s.seq} className={stepTone(s)}>
                <strong>{s.label}</strong> <span className="badge neutral">{s.outcome}</span> by{" "}
                <span title={s.actor.email ?? undefined}>{s.actor.name}</span>{" "}
                <Time className="small muted" iso={s.at} />
                <StepDetails details={s.details} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
