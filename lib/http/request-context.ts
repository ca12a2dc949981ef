// The one reader of a request's identifying headers: request id, client IP and user agent,
// normalised once so whatever a client sends fits the audit log and the logs. Nothing else reads
// X-Request-Id, X-Forwarded-For or User-Agent (tests/portal/request-headers.test.ts enforces it).
//
//   const ctx = requestContext(request);      // memoised per Request (and per Headers object)
//   ctx.requestId   // the client's id if well-formed (≤ 64 of [A-Za-z0-9._:-]), else a new UUID
//   ctx.clientIp    // from X-Forwarded-For, believed only through TRUSTED_PROXIES; null if unknown
//   ctx.userAgent   // ≤ 512 characters, control characters removed; null if absent
import { BlockList, isIP } from "node:net";
import { getEnv, parseProxyList } from "@/lib/env";

export type RequestContext = {
  requestId: string;
  clientIp: string | null;
  userAgent: string | null;
  /** Sec-Fetch-Site as a browser sends it ("same-origin", "same-site", "cross-site", "none"), else null. */
  fetchSite: "same-origin" | "same-site" | "cross-site" | "none" | null;
};

const FETCH_SITES = new Set(["same-origin", "same-site", "cross-site", "none"]);

export const MAX_REQUEST_ID_LENGTH = 64;
export const MAX_USER_AGENT_LENGTH = 512;
/** Longer X-Forwarded-For values are not parsed at all (no proxy chain is this deep). */
const MAX_FORWARDED_LENGTH = 2048;

const REQUEST_ID = /^[A-Za-z0-9._:-]+$/;

/** The client's request id when it is short and made of safe characters; otherwise a fresh one. */
export function normaliseRequestId(raw: string | null | undefined): string {
  if (raw && raw.length <= MAX_REQUEST_ID_LENGTH && REQUEST_ID.test(raw)) return raw;
  return crypto.randomUUID();
}

// C0/C1 controls (NUL included) and lone surrogates are dropped: fetch's Headers hold ByteStrings,
// but the value is stored as text and PostgreSQL refuses NUL in text.
const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function normaliseUserAgent(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const clean = raw.replace(UNPRINTABLE, "").trim();
  if (!clean) return null;
  // Cut on a code point boundary so a surrogate pair is never split.
  return Array.from(clean).slice(0, MAX_USER_AGENT_LENGTH).join("");
}

/** A BlockList of the trusted proxies (node:net does the CIDR arithmetic for v4 and v6). */
export function trustedProxies(list: string): BlockList {
  const block = new BlockList();
  for (const p of parseProxyList(list) ?? []) block.addSubnet(p.address, p.prefix, p.family);
  return block;
}

function canonicalIp(entry: string): string | null {
  let s = entry.trim();
  // "[2001:db8::1]:443" and "203.0.113.9:52100" are how some proxies write a peer with its port.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  if (s.toLowerCase().startsWith("::ffff:") && isIP(s.slice(7)) === 4) s = s.slice(7);
  return isIP(s) === 0 ? null : s.toLowerCase();
}

/**
 * The client address from X-Forwarded-For: walk the chain from the right (the entry the nearest
 * proxy appended) past every trusted proxy; the first other entry is the client. An entry that is
 * not an IP ends the walk with "unknown" (null) rather than believing anything to its left.
 *
 * Next records the socket's address in X-Forwarded-For only when the request carried none, so with
 * no proxy in front the rightmost entry is either that address or whatever the client wrote: the
 * portal must sit behind a proxy that appends the peer (the Helm chart's ingress does) for the
 * address to be evidence rather than a hint.
 */
export function clientIpFrom(forwardedFor: string | null | undefined, trusted: BlockList): string | null {
  if (!forwardedFor || forwardedFor.length > MAX_FORWARDED_LENGTH) return null;
  const chain = forwardedFor.split(",");
  for (let i = chain.length - 1; i >= 0; i--) {
    const ip = canonicalIp(chain[i]!);
    if (ip === null) return null;
    const family = isIP(ip) === 4 ? "ipv4" : "ipv6";
    if (!trusted.check(ip, family) || i === 0) return ip;
  }
  return null;
}

type HeaderSource = Pick<Headers, "get">;

function fetchSiteFrom(raw: string | null): RequestContext["fetchSite"] {
  const v = raw?.trim().toLowerCase() ?? "";
  return FETCH_SITES.has(v) ? (v as RequestContext["fetchSite"]) : null;
}

const memo = new WeakMap<object, RequestContext>();
let proxiesFor: { list: string; block: BlockList } | undefined;

function currentProxies(): BlockList {
  const list = getEnv().TRUSTED_PROXIES;
  if (proxiesFor?.list !== list) proxiesFor = { list, block: trustedProxies(list) };
  return proxiesFor.block;
}

/** Builds the context from headers; pure apart from the generated id (tests pass `trusted`). */
export function contextFromHeaders(headers: HeaderSource, trusted: BlockList = currentProxies()): RequestContext {
  return {
    requestId: normaliseRequestId(headers.get("x-request-id")),
    clientIp: clientIpFrom(headers.get("x-forwarded-for"), trusted),
    userAgent: normaliseUserAgent(headers.get("user-agent")),
    fetchSite: fetchSiteFrom(headers.get("sec-fetch-site")),
  };
}

/** The request's context, computed once per Request or Headers object. */
export function requestContext(source: Request | HeaderSource): RequestContext {
  const cached = memo.get(source);
  if (cached) return cached;
  const headers = source instanceof Request ? source.headers : source;
  const ctx = contextFromHeaders(headers);
  memo.set(source, ctx);
  return ctx;
}
