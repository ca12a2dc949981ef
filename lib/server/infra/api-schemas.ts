// Zod schemas of /api/infra bodies, shared by the routes and the OpenAPI document. Free text stored
// in a text column (the plan's approval reason): a NUL character or a lone surrogate is a 400 here,
// not a database error (a 500) later.
import { z } from "zod";
import { storable } from "@/lib/http/json-body";

/** POST …/plan: `driftCheck: true` asks for a drift check now (its changes are drift), not a plan to apply. */
export const planBodySchema = z.strictObject({ driftCheck: z.boolean().optional() });

/** POST …/unlock (admin): why the lock is forced, stored with the audit event. */
export const unlockBodySchema = z.strictObject({
  reason: storable(z.string({ error: "a written reason is required" }).max(1000)),
});

/**
 * GET …/console: `start`, the byte offset to stream from. A value that is not one is a 400 (it was read
 * as 0 before, so a typo silently replayed the whole log); EventSource's own Last-Event-ID stays lenient.
 */
export const consoleQuerySchema = z.object({
  start: z
    .string()
    .regex(/^\d{1,15}$/, "must be a byte offset (a whole number)")
    .optional(),
});

export const approveBodySchema = z.strictObject({
  reason: storable(z.string().max(2000)).optional(),
});
