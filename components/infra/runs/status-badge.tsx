// The run status as a coloured badge (the same words the API uses).
const TONE: Record<string, string> = {
  pending: "neutral",
  queued: "info",
  running: "info",
  succeeded: "ok",
  failed: "bad",
  aborted: "warn",
};

export function RunStatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${TONE[status] ?? "neutral"}`} data-testid="run-status">
      {status}
    </span>
  );
}
