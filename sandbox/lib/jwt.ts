// JWT-shaped tokens (HS256) for the Argo CD emulator: the real server rejects anything that is
// not a JWT, so the sandbox issues and verifies real ones signed with a per-world secret.
import { createHmac, timingSafeEqual } from "node:crypto";

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString("base64url");

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac("sha256", secret).update(`${header}.${body}`).digest("base64url");
  return `${header}.${body}.${sig}`;
}

/**
 * The payload of a valid, unexpired token signed with `secret`, or why golang-jwt v5 (as
 * argocd-server's session manager uses it) refuses it, in its words: shape, then signature, then claims.
 */
export function checkJwt(token: string, secret: string): { payload: Record<string, unknown> } | { problem: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { problem: "token is malformed: token contains an invalid number of segments" };
  const [header, body, sig] = parts as [string, string, string];
  let payload: unknown;
  try {
    JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { problem: "token is malformed: could not JSON decode header" };
  }
  const expected = createHmac("sha256", secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { problem: "token signature is invalid: signature is invalid" };
  }
  if (!payload || typeof payload !== "object") return { problem: "token is malformed: could not JSON decode claim" };
  const claims = payload as Record<string, unknown>;
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) {
    return { problem: "token has invalid claims: token is expired" };
  }
  return { payload: claims };
}
