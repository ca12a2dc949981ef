// The audit trail of one promotion or infra run, for its own page:
//   <AuditTrail targetType="promotion" targetId={promotion.id} />
// A server component: it reads through the audit service with the caller's permission checked.
import Link from "next/link";
import { Time } from "@/components/ui/time";
import { getPrincipal } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { auditActionLabel } from "@/lib/domain/audit-actions";
import { can } from "@/lib/domain/roles";
import { auditTrail } from "@/lib/server/audit";
import styles from "./audit.module.css";
import { OutcomeBadge } from "./audit-table";

export async function AuditTrail({
  targetType,
  targetId,
}: {
  targetType: "promotion" | "infra_run";
  targetId: string;
}) {
  const principal = await getPrincipal();
  // Everyone who can see a promotion or run may see what happened to it; the full log stays audit.read.
  if (!can(principal, "portal.view")) return null;
  const events = await auditTrail(await getDb(), targetType, targetId);
  return (
    <section aria-labelledby="audit-trail-heading" data-testid="audit-trail">
      <h2 id="audit-trail-heading">Audit trail</h2>
      {events.length === 0 ? (
        <p className="muted">No audit events yet.</p>
      ) : (
        <ol className={styles.trail}>
          {events.map((e) => (
            <li key={e.seq}>
              <Time iso={e.occurredAt} seconds className="muted small" />
              <strong>{auditActionLabel(e.action)}</strong>
              <OutcomeBadge outcome={e.outcome} />
              <span>{e.actorEmail ?? e.actorId ?? "system"}</span>
              <span className="muted small">#{e.seq}</span>
            </li>
          ))}
        </ol>
      )}
      {can(principal, "audit.read") ? (
        <p className="small">
          <Link href={`/audit?targetType=${targetType}&targetId=${encodeURIComponent(targetId)}`}>
            Open in the audit log
          </Link>
        </p>
      ) : null}
    </section>
  );
}
