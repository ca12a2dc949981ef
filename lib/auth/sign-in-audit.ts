import "server-only";
// Sign-in, sign-out and refused sign-ins are audited like every other state change: the
// user's last_login_at and the audit event commit in one transaction.
import { headers } from "next/headers";
import { getDb } from "@/lib/db";
import { primaryRole, type RoleGrant } from "@/lib/domain/roles";
import { requestContext } from "@/lib/http/request-context";
import { countBusinessEvent } from "@/lib/metrics";
import { actorFromRequest, recordAudit } from "@/lib/server/audit";

type Who = { id: string | null; email: string | null; grants?: RoleGrant[] };

async function requestHeaders(): Promise<Pick<Headers, "get">> {
  try {
    return await headers();
  } catch {
    return new Headers(); // outside a request (scripts): no IP or user agent to record
  }
}

export async function auditAuthEvent(
  action: "auth.sign_in" | "auth.sign_out" | "auth.sign_in_failed",
  who: Who,
  details: Record<string, string>,
) {
  const db = await getDb();
  const h = await requestHeaders();
  const role = who.grants ? primaryRole({ grants: who.grants }) : null;
  await db.$transaction(async (tx) => {
    let userId = who.id;
    if (action === "auth.sign_in" && who.email) {
      // By email: for OIDC sign-ins next-auth hands us the IdP subject, not our user id.
      const u = await tx.user.update({
        where: { email: who.email.toLowerCase() },
        data: { lastLoginAt: new Date() },
        select: { id: true },
      });
      userId = u.id;
    }
    const actor = actorFromRequest(userId && who.email ? { id: userId, email: who.email } : null, role, h);
    actor.email ??= who.email;
    await recordAudit(tx, {
      correlationId: requestContext(h).requestId,
      action,
      outcome: action === "auth.sign_in_failed" ? "denied" : "success",
      actor,
      target: userId ? { type: "user", id: userId } : null,
      details,
    });
  });
  countBusinessEvent(action, "all", action === "auth.sign_in_failed" ? "denied" : "success");
}
