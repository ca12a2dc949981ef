// The audit events table. Each row links to the promotion or infra run it is about.
import Link from "next/link";
import { Time } from "@/components/ui/time";
import { auditActionLabel, auditTargetHref } from "@/lib/domain/audit-actions";
import type { AuditEventDto } from "@/lib/server/audit/types";
import styles from "./audit.module.css";

const OUTCOME_TONE: Record<string, string> = { success: "ok", failure: "bad", denied: "warn" };

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span className={`badge ${OUTCOME_TONE[outcome] ?? "neutral"}`}>{outcome}</span>;
}

/** `people`: names by user id (lib/server/audit/people), for actors and user targets. */
export function AuditTable({ events, people = {} }: { events: AuditEventDto[]; people?: Record<string, string> }) {
  if (events.length === 0) return <p className="muted">No audit events match these filters.</p>;
  return (
    <div className="table-scroll">
      <table data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Where</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => {
            const href = auditTargetHref(e.targetType, e.targetId);
            return (
              <tr key={e.seq} data-seq={e.seq}>
                <td>{e.seq}</td>
                <td>
                  <Time iso={e.occurredAt} seconds />
                </td>
                <td>
                  {e.actorId && people[e.actorId] ? <div>{people[e.actorId]}</div> : null}
                  <div className={e.actorId && people[e.actorId] ? "small" : undefined}>
                    {e.actorEmail ?? e.actorId ?? "system"}
                  </div>
                  <div className="muted small">
                    {e.actorRole ?? ""}
                    {e.actorIp ? ` · ${e.actorIp}` : ""}
                  </div>
                </td>
                <td>
                  <div>{auditActionLabel(e.action)}</div>
                  <code className="small">{e.action}</code>
                </td>
                <td>
                  <OutcomeBadge outcome={e.outcome} />
                </td>
                <td>
                  {[e.environment, e.application].filter(Boolean).join(" / ") || <span className="muted">—</span>}
                </td>
                <td>
                  {href ? (
                    <Link href={href}>
                      {e.targetType} {e.targetId}
                    </Link>
                  ) : e.targetType === "user" && e.targetId && people[e.targetId] ? (
                    <span title={e.targetId}>user {people[e.targetId]}</span>
                  ) : e.targetType ? (
                    <span>
                      {e.targetType} {e.targetId}
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                  {e.correlationId ? (
                    <div>
                      <Link className="small" href={`/audit?correlationId=${encodeURIComponent(e.correlationId)}`}>
                        related events
                      </Link>
                    </div>
                  ) : null}
                </td>
                <td className={styles.details}>
                  <details>
                    <summary>{summarise(e.details)}</summary>
                    <pre>{JSON.stringify(e.details, null, 2)}</pre>
                  </details>
                </td>
                <td className={styles.hash} title={`hash ${e.hash}\nprevious ${e.prevHash}`}>
                  {e.hash.slice(0, 12)}…
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function summarise(details: unknown): string {
  if (!details || typeof details !== "object") return "—";
  const keys = Object.keys(details);
  if (keys.length === 0) return "—";
  return keys.slice(0, 3).join(", ") + (keys.length > 3 ? ` +${keys.length - 3}` : "");
}
