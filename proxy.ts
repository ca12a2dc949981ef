// Runs before every route: request id (normalised once, forwarded so every handler sees the same), sign-in gate, cross-origin refusal, CSP with a nonce.
// The decisions themselves are pure functions in lib/http/access-gate.ts.
import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { nowSeconds, sessionDecision } from "@/lib/auth/session-policy";
import { authSecret, getEnv } from "@/lib/env";
import { contentSecurityPolicy, decideAccess } from "@/lib/http/access-gate";
import { requestContext } from "@/lib/http/request-context";

export async function proxy(request: NextRequest) {
  const env = getEnv();
  const { requestId } = requestContext(request);
  const portalOrigin = new URL(env.PORTAL_URL).origin;
  const secure = env.PORTAL_URL.startsWith("https://");
  const token = await getToken({ req: request, secret: authSecret(env), secureCookie: secure });
  const decision = decideAccess({
    method: request.method,
    pathname: request.nextUrl.pathname,
    search: request.nextUrl.search,
    portalOrigin,
    originHeader: request.headers.get("origin"),
    secFetchSite: request.headers.get("sec-fetch-site"),
    // A token past its absolute lifetime is no session (the jwt callback would end it anyway).
    signedIn: Boolean(token?.uid) && sessionDecision(token ?? {}, nowSeconds()) !== "expired",
    bearer: /^Bearer\s/i.test(request.headers.get("authorization") ?? ""),
  });

  if (decision.kind === "bad-request") {
    return NextResponse.json(
      { error: "bad_request", message: decision.message },
      { status: 400, headers: { "x-request-id": requestId } },
    );
  }
  if (decision.kind === "unauthorized") {
    return NextResponse.json(
      { error: "unauthorized", message: "Sign in required" },
      { status: 401, headers: { "x-request-id": requestId } },
    );
  }
  if (decision.kind === "forbidden-origin") {
    return NextResponse.json(
      { error: "forbidden", message: decision.message },
      { status: 403, headers: { "x-request-id": requestId } },
    );
  }
  if (decision.kind === "redirect-login") {
    const res = NextResponse.redirect(new URL(decision.location, portalOrigin));
    res.headers.set("x-request-id", requestId);
    return res;
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, { dev: env.NODE_ENV === "development", https: secure });
  const forwarded = new Headers(request.headers);
  forwarded.set("x-request-id", requestId);
  forwarded.set("x-nonce", nonce);
  forwarded.set("x-nura-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  forwarded.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers: forwarded } });
  res.headers.set("content-security-policy", csp);
  res.headers.set("x-request-id", requestId);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
