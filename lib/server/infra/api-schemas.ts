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

export const approveBodySchema = z.strictObject({
  reason: storable(z.string().max(2000)).optional(),
});
