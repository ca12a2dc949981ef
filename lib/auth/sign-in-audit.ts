import "server-only";
// Sign-in and sign-out are audited like every other state change.
import { logger } from "@/lib/log";
import { countBusinessEvent } from "@/lib/metrics";

export async function recordSignIn(action: "auth.sign_in" | "auth.sign_out", userId: string, provider: string) {
  countBusinessEvent(action, "all", "success");
  logger.info({ action, userId, provider }, action);
}
