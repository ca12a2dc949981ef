// A promotion's state as a coloured badge with words (colour is never the only signal).
const TONE: Record<string, string> = {
  requested: "info",
  approved: "info",
  committing: "info",
  syncing: "info",
  verifying: "info",
  rolling_back: "warn",
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

/** testId: "promotion-status" is the page's own state; other promotions shown on it pass another. */
export function StatusBadge({ status, testId = "promotion-status" }: { status: string; testId?: string }) {
  return (
    <span className={`badge ${TONE[status] ?? "neutral"}`} data-testid={testId}>
      {statusLabel(status)}
    </span>
  );
}
