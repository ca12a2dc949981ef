// Slack mrkdwn → tokens the sandbox Slack page renders: <url|label> links, *bold*, _italic_,
// `code`, ~strike~. Only http(s) and same-origin links become anchors (no javascript: URLs).

export type MrkdwnToken =
  | { kind: "text"; text: string }
  | { kind: "link"; href: string; text: string }
  | { kind: "bold" | "italic" | "code" | "strike"; text: string };

const PATTERN = /<([^>|]+)(?:\|([^>]+))?>|\*([^*\n]+)\*|_([^_\n]+)_|`([^`\n]+)`|~([^~\n]+)~/g;

export function safeHref(url: string): string | undefined {
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Slack escapes &, < and > in message text; undo that for display. */
const unescapeSlack = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export function parseMrkdwn(input: string): MrkdwnToken[] {
  const out: MrkdwnToken[] = [];
  let last = 0;
  for (const m of input.matchAll(PATTERN)) {
    const index = m.index ?? 0;
    if (index > last) out.push({ kind: "text", text: unescapeSlack(input.slice(last, index)) });
    if (m[1] !== undefined) {
      const href = safeHref(m[1]);
      const label = unescapeSlack(m[2] ?? m[1]);
      out.push(href ? { kind: "link", href, text: label } : { kind: "text", text: label });
    } else if (m[3] !== undefined) out.push({ kind: "bold", text: unescapeSlack(m[3]) });
    else if (m[4] !== undefined) out.push({ kind: "italic", text: unescapeSlack(m[4]) });
    else if (m[5] !== undefined) out.push({ kind: "code", text: unescapeSlack(m[5]) });
    else if (m[6] !== undefined) out.push({ kind: "strike", text: unescapeSlack(m[6]) });
    last = index + m[0].length;
  }
  if (last < input.length) out.push({ kind: "text", text: unescapeSlack(input.slice(last)) });
  return out;
}
