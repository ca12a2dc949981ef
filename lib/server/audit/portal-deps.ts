import "server-only";
// The audited-action core's deps bound to the portal's database and logger. Apart from audited.ts
// (which needs the session, hence Next's runtime) so that wiring outside a request — the promotion
// executor's (lib/server/promotions/deps.ts), also run by a bare node process — can use them.
import { getDb } from "@/lib/db";
import { logger } from "@/lib/log";
import type { AuditedActionDeps } from "./audited-action";
import { recordAudit } from "./record";

export const auditDeps: AuditedActionDeps = {
  async write(event) {
    const db = await getDb();
    return db.$transaction((tx) => recordAudit(tx, event));
  },
  logLost(event, err) {
    logger.error({ auditEvent: event, err }, "audit event could not be written");
  },
};
