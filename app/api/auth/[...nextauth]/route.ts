// next-auth's endpoints, behind a check of what reaches it (lib/auth/next-auth-request.ts): a body is
// a small form, GET never reaches a credentials callback, /_log does not exist; a password sign-in
// from an IP or for an account with too many recent failures is answered 429 before it is checked.
import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { checkAuthRequest, MAX_AUTH_BODY_BYTES } from "@/lib/auth/next-auth-request";
import { authOptions, credentialsProviderIds } from "@/lib/auth/options";
import { signInRetryAfter } from "@/lib/auth/sign-in-throttle";
import { AppError } from "@/lib/http/errors";
import { readBodyBytes } from "@/lib/http/json-body";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

const CODES = {
  400: "bad_request",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
} as const;

// next-auth 4 reads params synchronously; Next 16 passes them as a promise.
const handler = route<Ctx>("/api/auth/[...nextauth]", async (request, context, ctx) => {
  const params = await context.params;
  const bytes = request.method === "POST" ? await readBodyBytes(request, MAX_AUTH_BODY_BYTES) : Buffer.alloc(0);
  const body = bytes === null ? null : bytes.toString("utf8");
  const form = new URLSearchParams(body ?? "");
  const refused = checkAuthRequest({
    method: request.method,
    segments: params.nextauth ?? [],
    contentType: request.headers.get("content-type"),
    bodyBytes: bytes?.byteLength ?? Number.POSITIVE_INFINITY,
    credentialsProviders: credentialsProviderIds(),
    fields: [...new URL(request.url).searchParams, ...form],
  });
  if (refused) throw new AppError(CODES[refused.status], refused.message);
  const [action, providerId] = params.nextauth ?? [];
  if (request.method === "POST" && action === "callback" && providerId && credentialsProviderIds().has(providerId)) {
    const email = form.get("email");
    const wait = await signInRetryAfter(ctx.clientIp, email);
    if (wait > 0) {
      return Response.json(
        { error: "rate_limited", message: `Too many failed sign-ins; try again in ${wait} s` },
        { status: 429, headers: { "retry-after": String(wait) } },
      );
    }
  }
  // The body was read to check it: next-auth gets an identical request carrying the same text.
  const forwarded = new NextRequest(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.method === "POST" ? body : undefined,
  });
  return NextAuth(forwarded as never, { params } as never, authOptions());
});

export { handler as GET, handler as POST };
