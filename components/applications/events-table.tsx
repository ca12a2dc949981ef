// The Kubernetes events tables of the environment page, the application page and the resource
// panel: one row per event, the first column naming the object (a namespace's or application's
// Warning events) or the event's type (one resource's events). No hooks, so a server page renders
// it as well as a client view; the caller wraps it in a ScrollRegion where the page needs one.
import type { ReactNode } from "react";

export interface EventRow {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastSeen: string | null;
  objectKind: string;
  objectName: string;
}

export function EventsTable({
  events,
  first,
  lastSeen,
  testId,
  labelledBy,
}: {
  events: EventRow[];
  /** "object": Object column, reason as a Warning badge; "type": Type badge, plain reason. */
  first: "object" | "type";
  /** How the page shows an event's last-seen time. */
  lastSeen: (iso: string) => ReactNode;
  testId: string;
  labelledBy?: string;
}) {
  return (
    <table aria-labelledby={labelledBy} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{first === "object" ? "Object" : "Type"}</th>
          <th scope="col">Reason</th>
          <th scope="col">Message</th>
          <th scope="col">Count</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={`${e.objectKind}/${e.objectName}/${e.reason}/${e.lastSeen}/${e.message}`}>
            {first === "object" ? (
              <>
                <td className="small">
                  {e.objectKind}/<code>{e.objectName}</code>
                </td>
                <td>
                  <span className="badge warn">{e.reason}</span>
                </td>
              </>
            ) : (
              <>
                <td>
                  <span className={`badge ${e.type === "Warning" ? "warn" : "neutral"}`}>{e.type}</span>
                </td>
                <td>{e.reason}</td>
              </>
            )}
            <td className="small">{e.message}</td>
            <td>{e.count}</td>
            <td className="small">{e.lastSeen ? lastSeen(e.lastSeen) : "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
