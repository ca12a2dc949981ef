import "server-only";
// Sign-in, sign-out and refused sign-ins are audited like every other state change: the
// user's last_login_at and the audit event commit in one transaction. Refused sign-ins are
// coalesced (auditSignInFailure).
import { headers } from "next/headers";
import { getDb } from "@/lib/db";
import { primaryRole, type RoleGrant } from "@/lib/domain/roles";
import { requestContext } from "@/lib/http/request-context";
import { countBusinessEvent } from "@/lib/metrics";
import { actorFromRequest, recordAudit } from "@/lib/server/audit";
import { recordSignInFailure } from "./sign-in-throttle";

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
  details: Record<string, string | number>,
) {
  const db = await getDb();
  const h = await requestHeaders();
  const role = who.grants ? primaryRole({ grants: who.grants }) : null;
  await db.$transaction(async (tx) => {
    let userId = who.id;
    if (action === "auth.sign_in" && who.id) {
      const u = await tx.user.update({
        where: { id: who.id },
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

/**
 * A refused sign-in: counted by the throttle on every attempt, audited only for the first failure
 * of the account in the window and when the account gets locked — an attacker's repeated guesses
 * cannot flood the log (or hold the chain's append lock) with events they wrote.
 */
export async function auditSignInFailure(
  who: { id: string | null; email: string | null },
  provider: string,
  extra: Record<string, string> = {},
) {
  const h = await requestHeaders();
  const email = who.email ?? "";
  const count = email
    ? await recordSignInFailure(requestContext(h).clientIp, email)
    : { failures: 1, firstInWindow: true, nowLocked: false };
  if (!count.firstInWindow && !count.nowLocked) {
    countBusinessEvent("auth.sign_in_failed", "all", "denied");
    return;
  }
  await auditAuthEvent("auth.sign_in_failed", who, {
    provider,
    ...extra,
    failuresInWindow: count.failures,
    ...(count.nowLocked ? { locked: "further attempts are refused with 429 until the window ends" } : {}),
  });
}
