// Groups the emulator's messages the way Slack shows a channel: top-level messages newest first,
// each with its thread replies oldest first underneath. Pure, so the page stays a plain render.

export interface ThreadedMessage<M> {
  message: M;
  replies: M[];
}

export function groupThreads<M extends { ts: string; threadTs?: string; channel: string }>(
  messages: M[],
): ThreadedMessage<M>[] {
  const key = (channel: string, ts: string) => `${channel}/${ts}`;
  const roots = new Map<string, ThreadedMessage<M>>();
  const orphans: M[] = [];
  for (const m of messages) {
    if (!m.threadTs || m.threadTs === m.ts) roots.set(key(m.channel, m.ts), { message: m, replies: [] });
  }
  for (const m of messages) {
    if (!m.threadTs || m.threadTs === m.ts) continue;
    const root = roots.get(key(m.channel, m.threadTs));
    if (root) root.replies.push(m);
    else orphans.push(m);
  }
  const byTs = (a: M, b: M) => Number(a.ts) - Number(b.ts);
  const threads = [...roots.values(), ...orphans.map((m) => ({ message: m, replies: [] }))];
  for (const t of threads) t.replies.sort(byTs);
  return threads.sort((a, b) => byTs(b.message, a.message));
}
