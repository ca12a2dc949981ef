// Where to send a user after sign-in. Slack deep links land on /login?callbackUrl=/promotions/…,
// so the path must survive sign-in — but never an off-site URL (open redirect).

export function safeReturnUrl(raw: string | null | undefined, portalOrigin: string, fallback = "/"): string {
  if (!raw) return fallback;
  let candidate: URL;
  try {
    candidate = new URL(raw, portalOrigin);
  } catch {
    return fallback;
  }
  if (candidate.origin !== new URL(portalOrigin).origin) return fallback;
  // "//evil.example" and "/\\evil.example" parse as same-origin in some browsers' eyes but not ours:
  // require a plain absolute path in what the user gave us.
  if (!raw.startsWith("/") && !raw.startsWith(portalOrigin)) return fallback;
  if (raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (candidate.pathname.startsWith("/login") || candidate.pathname.startsWith("/api/auth")) return fallback;
  return `${candidate.pathname}${candidate.search}${candidate.hash}`;
}
