// Time formatting that renders the same on the server and in the browser (UTC, relative to a
// reference instant carried in the data), so hydration never mismatches.

export function formatUtcTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(11, 19)} UTC`;
}

export function formatUtcDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "just now", "4 min ago", "3 h ago", "2 d ago" — relative to `reference` (ISO). */
export function formatAgo(iso: string, reference: string): string {
  const ms = Date.parse(reference) - Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
