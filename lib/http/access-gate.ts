// What the proxy does with a request before any route runs. Pure, so every branch is
// unit-tested: public paths pass, unauthenticated APIs get 401 JSON, unauthenticated pages
// go to /login with their return URL, and mutating requests from another origin are refused.

export type GateInput = {
  method: string;
  pathname: string;
  search: string;
  /** Origin of the portal as the browser sees it (scheme://host[:port]). */
  portalOrigin: string;
  originHeader: string | null;
  secFetchSite: string | null;
  signedIn: boolean;
  /** An `Authorization: Bearer …` header is present (its token is checked by the route, not here). */
  bearer?: boolean;
};

export type GateDecision =
  | { kind: "pass" }
  | { kind: "bad-request"; message: string }
  | { kind: "unauthorized" }
  | { kind: "forbidden-origin"; message: string }
  | { kind: "redirect-login"; location: string };

const PUBLIC_PATHS = [
  /^\/login(\/|$)/,
  /^\/api\/auth(\/|$)/,
  /^\/api\/(health|ready|metrics|openapi\.json)$/,
  /^\/forbidden$/,
];
/** Routes machines call with a service token instead of a session (Jenkins' request-promotion.sh). */
export const BEARER_PATHS = [/^\/api\/promotions$/];

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * A path Next cannot decode ("%E0%A4%A", a lone "%") makes its router throw while matching dynamic
 * segments, which it answers with a bare 500. It can name nothing, so it is refused here with a 400.
 */
export function malformedPath(pathname: string): string | null {
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return `The path segment "${segment.slice(0, 60)}" is not valid percent-encoding`;
    }
  }
  return null;
}

export function decideAccess(input: GateInput): GateDecision {
  const malformed = malformedPath(input.pathname);
  if (malformed) return { kind: "bad-request", message: malformed };
  if (MUTATING.has(input.method.toUpperCase())) {
    // Browsers send Origin on every cross-origin and every same-origin non-GET fetch/form post.
    if (input.originHeader !== null && input.originHeader !== input.portalOrigin) {
      return { kind: "forbidden-origin", message: `Cross-origin ${input.method} from ${input.originHeader} refused` };
    }
    if (input.originHeader === null && input.secFetchSite === "cross-site") {
      return { kind: "forbidden-origin", message: `Cross-site ${input.method} refused` };
    }
  }
  if (PUBLIC_PATHS.some((re) => re.test(input.pathname))) return { kind: "pass" };
  if (input.signedIn) return { kind: "pass" };
  if (input.bearer && BEARER_PATHS.some((re) => re.test(input.pathname))) return { kind: "pass" };
  if (input.pathname.startsWith("/api/")) return { kind: "unauthorized" };
  const back = `${input.pathname}${input.search}`;
  return { kind: "redirect-login", location: `/login?callbackUrl=${encodeURIComponent(back)}` };
}

/** The Content-Security-Policy for a page render with this nonce. */
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  const { dev, https } = opts;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Recharts and React set style attributes; inline style attributes cannot carry nonces.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    https ? "upgrade-insecure-requests" : "",
  ]
    .filter(Boolean)
    .join("; ");
}
