// What reaches next-auth's handler. next-auth 4 answers several malformed requests by throwing (a
// JSON body it cannot parse, a GET to a credentials provider's callback), which Next turns into a
// 500; and its POST /api/auth/_log writes whatever a caller sends as an error-level log line. These
// are refused here, before next-auth runs, with the 4xx that names the problem. Pure, unit-tested.

export type AuthRequestCheck = { status: 400 | 404 | 405 | 413 | 415; message: string } | null;

/** The actions next-auth 4 serves, by method (core/index.ts); anything else is not an endpoint. */
const ACTIONS: Record<string, ReadonlySet<string>> = {
  GET: new Set(["providers", "session", "csrf", "signin", "signout", "callback", "verify-request", "error"]),
  POST: new Set(["signin", "signout", "callback", "session"]),
};

/** next-auth's own client posts forms; nothing the portal sends needs more than a few fields. */
export const MAX_AUTH_BODY_BYTES = 8 * 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what is refused
const NUL = /\u0000/;

export function checkAuthRequest(input: {
  method: string;
  segments: string[];
  contentType: string | null;
  bodyBytes: number;
  credentialsProviders: ReadonlySet<string>;
  /**
   * The query's and the form's fields, decoded. A NUL in one is refused: next-auth would put it in
   * a redirect header (which fetch refuses) or the throttle's key (which PostgreSQL text refuses).
   */
  fields?: Iterable<[string, string]>;
}): AuthRequestCheck {
  const [action = "", providerId] = input.segments;
  const method = input.method.toUpperCase();
  if (action === "_log") return { status: 404, message: "There is no client log endpoint" };
  const allowed = ACTIONS[method];
  if (!allowed) return { status: 405, message: `${method} is not supported on /api/auth` };
  if (!allowed.has(action)) {
    const other = method === "GET" ? "POST" : "GET";
    return ACTIONS[other]?.has(action)
      ? { status: 405, message: `${method} is not supported on /api/auth/${action}` }
      : { status: 404, message: `/api/auth/${action.slice(0, 40)} is not an endpoint` };
  }
  if (input.segments.length > 2) return { status: 404, message: "Unknown /api/auth path" };
  if (method === "GET" && action === "callback" && providerId && input.credentialsProviders.has(providerId)) {
    return { status: 405, message: `The ${providerId} provider signs in with POST (a form), not GET` };
  }
  if (method === "POST") {
    if (input.bodyBytes > MAX_AUTH_BODY_BYTES) {
      return { status: 413, message: `The body must be at most ${MAX_AUTH_BODY_BYTES} bytes` };
    }
    const type = (input.contentType ?? "").split(";")[0]!.trim().toLowerCase();
    if (input.bodyBytes > 0 && type !== "application/x-www-form-urlencoded") {
      return { status: 415, message: "Sign-in requests are application/x-www-form-urlencoded forms" };
    }
  }
  for (const [key, value] of input.fields ?? []) {
    if (NUL.test(key) || NUL.test(value)) {
      return {
        status: 400,
        message: `${key.replace(NUL, "").slice(0, 40) || "A field"}: must not contain NUL characters`,
      };
    }
  }
  return null;
}
