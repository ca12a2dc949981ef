// A promotion's states. The strings are stored in promotion.status and rendered as they are by the
// pages, the overview and Slack, so they never change once written. Pure.

/** Before the commit: people can still approve, reject, cancel; the target file can still move. */
export const AWAITING_STATUSES = ["requested", "approved"] as const;

/** The executor (lib/server/jobs) owns the promotion: a GitOps commit is being made or has been made. */
export const EXECUTING_STATUSES = ["committing", "syncing", "verifying", "rolling_back"] as const;

/** Final: no transition leaves them. */
export const TERMINAL_STATUSES = [
  "succeeded",
  "failed",
  "rolled_back",
  "rejected",
  "expired",
  "superseded",
  "cancelled",
] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export const PROMOTION_STATUSES = [...AWAITING_STATUSES, ...EXECUTING_STATUSES, ...TERMINAL_STATUSES] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

const TERMINAL: ReadonlySet<string> = new Set(TERMINAL_STATUSES);
const AWAITING: ReadonlySet<string> = new Set(AWAITING_STATUSES);
const EXECUTING: ReadonlySet<string> = new Set(EXECUTING_STATUSES);

export function isPromotionStatus(value: unknown): value is PromotionStatus {
  return typeof value === "string" && (PROMOTION_STATUSES as readonly string[]).includes(value);
}

/** A final state: no transition leaves it. */
export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

/** Not final: counts for "one promotion in flight per application × target environment". */
export function isInFlight(status: string): boolean {
  return isPromotionStatus(status) && !TERMINAL.has(status);
}

export function isAwaiting(status: string): boolean {
  return AWAITING.has(status);
}

export function isExecuting(status: string): boolean {
  return EXECUTING.has(status);
}

/** "rolled_back" → "rolled back", for messages. */
export function statusWords(status: string): string {
  return status.replace(/_/g, " ");
}
