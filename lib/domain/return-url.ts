// Where to send a user after sign-in. Slack deep links land on /login?callbackUrl=/promotions/…,
// so the path must survive sign-in — but never an off-site URL (open redirect).
//
// The check runs on the normalised result, not on what the user typed: "/.//evil.example",
// "/%2e//evil.example" and "/./\evil.example" all normalise to "//evil.example", which a browser
// reads as another host. Whatever survives is re-parsed and must come back as the same path.

const BAD_START = /^(\/\/|\/\\|\\)/;

export function safeReturnUrl(raw: unknown, portalOrigin: string, fallback = "/"): string {
  // Repeated query keys arrive as arrays; anything but one string is no return URL.
  if (typeof raw !== "string" || raw === "" || raw.length > 2048) return fallback;
  const origin = new URL(portalOrigin).origin;
  if (!raw.startsWith("/") && !raw.startsWith(`${origin}/`) && raw !== origin) return fallback;
  if (BAD_START.test(raw)) return fallback;
  let candidate: URL;
  try {
    candidate = new URL(raw, origin);
  } catch {
    return fallback;
  }
  if (candidate.origin !== origin) return fallback;
  const result = `${candidate.pathname}${candidate.search}${candidate.hash}`;
  if (!result.startsWith("/") || BAD_START.test(result)) return fallback;
  // The result must mean the same thing when the browser parses it on its own.
  let again: URL;
  try {
    again = new URL(result, origin);
  } catch {
    return fallback;
  }
  if (again.origin !== origin || again.pathname !== candidate.pathname) return fallback;
  if (/^\/(login|api\/auth)(\/|$|\?)/.test(candidate.pathname)) return fallback;
  return result;
}
