// What counts as a secret in a log line. Kept separate from lib/log.ts so it is unit-testable
// without a logger and reusable by the sandbox.

/** Keys whose values are always secret, compared case-insensitively at any depth. */
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
];

const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, "$1 [redacted]"],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, "[redacted-jwt]"],
  [/\bxox[abprs]-[A-Za-z0-9-]{6,}/g, "[redacted-slack]"],
  [/\bglsa_[A-Za-z0-9_]{6,}/g, "[redacted-grafana]"],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, "[redacted-aws-key]"],
  [/(next-auth\.[a-z-]+-token|__Secure-next-auth\.[a-z-]+-token)=[^;\s]+/gi, "$1=[redacted]"],
  [/(https?:\/\/)[^\s/@:]+:[^\s/@]+@/g, "$1[redacted]@"],
  [/(hooks\.slack\.com\/services\/)[A-Za-z0-9/]+/g, "$1[redacted]"],
];

export function scrubString(s: string): string {
  let out = s;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

const KEY_SET = new Set(SECRET_KEYS.map((k) => k.toLowerCase()));

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
    out[k] = KEY_SET.has(k.toLowerCase()) ? "[redacted]" : scrubSecrets(v, depth + 1);
  }
  return out;
}
