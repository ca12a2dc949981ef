// A promotion's state as a coloured badge with words (colour is never the only signal).
const TONE: Record<string, string> = {
  requested: "info",
  approved: "info",
  committing: "info",
  syncing: "info",
  verifying: "info",
  succeeded: "ok",
  failed: "bad",
  rolled_back: "bad",
  "rolled-back": "bad",
  rejected: "warn",
  expired: "neutral",
  superseded: "neutral",
  cancelled: "neutral",
};

export function statusLabel(status: string): string {
  return status.replace(/[_-]/g, " ");
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${TONE[status] ?? "neutral"}`} data-testid="promotion-status">
      {statusLabel(status)}
    </span>
  );
}
