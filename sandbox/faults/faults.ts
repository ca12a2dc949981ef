// Fault injection state for one emulator or proxy: added latency, a random error rate, or "down".
// Down is real: the listening socket is closed, so clients see ECONNREFUSED like a crashed service.
import { z } from "zod";

export const faultSchema = z.object({
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  errorRate: z.number().min(0).max(1).default(0),
  down: z.boolean().default(false),
});
export type Fault = z.infer<typeof faultSchema>;
export const faultPatchSchema = z.object({
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  down: z.boolean().optional(),
});
export type FaultPatch = z.infer<typeof faultPatchSchema>;

export const noFault = (): Fault => ({ latencyMs: 0, errorRate: 0, down: false });

/** A random source that tests can replace to make error injection deterministic. */
export type Random = () => number;

export function shouldFail(fault: Fault, random: Random = Math.random): boolean {
  if (fault.errorRate <= 0) return false;
  if (fault.errorRate >= 1) return true;
  return random() < fault.errorRate;
}
