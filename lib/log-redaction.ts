// What counts as a secret in a log line. Kept separate from lib/log.ts so it is unit-testable
// without a logger and reusable by the sandbox.

/**
 * Keys whose values are always secret, at any depth. Compared without case, "_" or "-", so
 * access_token, ACCESS-TOKEN and accessToken are the same key.
 */
const SECRET_KEYS = [
  "password",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "secret",
  "clientSecret",
  "apiToken",
  "authorization",
  "cookie",
  "set-cookie",
  "sessionToken",
  "webhookUrl",
  "apiKey",
  "privateKey",
  "signingKey",
  "auditSigningKey",
  "nextauthSecret",
  "credentials",
  "passwd",
  "databaseUrl",
  "connectionString",
  "xApiKey",
];

const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, "$1 [redacted]"],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, "[redacted-jwt]"],
  [/\bxox[abprs]-[A-Za-z0-9-]{6,}/g, "[redacted-slack]"],
  [/\bglsa_[A-Za-z0-9_]{6,}/g, "[redacted-grafana]"],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, "[redacted-aws-key]"],
  [/(next-auth\.[a-z-]+-token|__Secure-next-auth\.[a-z-]+-token)=[^;\s]+/gi, "$1=[redacted]"],
  // Credentials in any URL: https://user:pass@, postgresql://nura:secret@db/…, redis://:pw@…
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*:[^\s/@]+@/gi, "$1[redacted]@"],
  // Secrets in query strings and form bodies: ?token=…, &access_token=…, client_secret=…
  [
    /([?&;\s]|^)((?:access_|refresh_|id_|session_)?token|client_secret|password|passwd|api_?key|secret|code|signature|sig)=[^&\s#"']+/gi,
    "$1$2=[redacted]",
  ],
  // PEM blocks (private keys, certificates' keys), however long.
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g, "[redacted-pem-private-key]"],
  [/(hooks\.slack\.com\/services\/)[A-Za-z0-9/]+/g, "$1[redacted]"],
];

export function scrubString(s: string): string {
  let out = s;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

const normaliseKey = (k: string) => k.toLowerCase().replace(/[-_]/g, "");
const KEY_SET = new Set(SECRET_KEYS.map(normaliseKey));

/** Deep copy with secret-named keys censored and secret-shaped substrings replaced. */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubString(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrubString(value.message), stack: value.stack && scrubString(value.stack) };
  }
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = KEY_SET.has(normaliseKey(k)) ? "[redacted]" : scrubSecrets(v, depth + 1);
  }
  return out;
}
