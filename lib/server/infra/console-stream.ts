import "server-only";
// The run page's live console as Server-Sent Events. Each tick asks Jenkins for the console from
// the last byte offset sent (logText/progressiveText) and forwards new text at once; the run itself
// (status, stages, lock) is re-synced at most every `syncEveryMs`. Event ids are byte offsets, so a
// reconnecting EventSource (Last-Event-ID) resumes exactly where it stopped.
//
// Viewers of the same run share those calls: a sync (syncRun + its DTO) or a console read (by run
// and offset) that another stream of this process made less than a tick ago is reused, so N open
// run pages cost Jenkins what one does, not N times its polling.
import { isTerminal } from "@/lib/domain/infra-runs";
import type { InfraRun } from "@/lib/generated/prisma/client";
import { runDto } from "./runs";
import { syncRun } from "./tracker";
import type { InfraDeps, RunDto } from "./types";

export interface StreamOptions {
  runId: string;
  start: number;
  signal: AbortSignal;
  tickMs?: number;
  syncEveryMs?: number;
  /** Called with the time each chunk spent in the portal (Jenkins answer → enqueued), for the bench. */
  onChunk?: (portalMs: number, bytes: number) => void;
}

const encoder = new TextEncoder();

const recent = new Map<string, Promise<unknown>>();

/** The call under way or settled less than `freshMs` ago for `key`, else a new one (forgotten after). */
function shared<T>(key: string, freshMs: number, call: () => Promise<T>): Promise<T> {
  const known = recent.get(key) as Promise<T> | undefined;
  if (known) return known;
  const p = call();
  recent.set(key, p);
  const forget = () => setTimeout(() => recent.get(key) === p && recent.delete(key), freshMs).unref();
  p.then(forget, forget);
  return p;
}

/** Moves the run along in Jenkins and reads what the page shows; a sync failure is reported, not thrown. */
async function syncAndRead(deps: InfraDeps, runId: string) {
  let run: InfraRun | null = null;
  let error: string | null = null;
  try {
    run = await syncRun(deps, runId);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  return { run, error, dto: await runDto(deps.db, runId, deps.config) };
}
const sse = (event: string, data: unknown, id?: number) =>
  encoder.encode(`${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

export function consoleStream(deps: InfraDeps, o: StreamOptions): ReadableStream<Uint8Array> {
  const tickMs = o.tickMs ?? 250;
  const syncEveryMs = o.syncEveryMs ?? 1000;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let start = o.start;
      let lastSync = 0;
      let lastSent = "";
      let run: InfraRun | null = null;
      let lastKeepalive = Date.now();
      const send = (chunk: Uint8Array) => {
        if (!o.signal.aborted) controller.enqueue(chunk);
      };
      const sendRun = (event: "run" | "end", dto: RunDto) => {
        const key = JSON.stringify(dto);
        if (event === "end" || key !== lastSent) send(sse(event, dto));
        lastSent = key;
      };
      try {
        while (!o.signal.aborted) {
          const waiting = !run || run.buildNumber === null;
          if (waiting || Date.now() - lastSync >= syncEveryMs) {
            const synced = await shared(`sync ${o.runId}`, tickMs, () => syncAndRead(deps, o.runId));
            if (synced.error !== null) send(sse("upstream-error", { message: synced.error }));
            else run = synced.run;
            lastSync = Date.now();
            sendRun("run", synced.dto);
          }
          let more = true;
          if (run?.buildNumber != null && run.jenkinsJob) {
            try {
              const { jenkinsJob, buildNumber } = run;
              const chunk = await shared(`console ${o.runId} ${start}`, tickMs, () =>
                deps.jenkins.getConsole(jenkinsJob, buildNumber, start),
              );
              const received = performance.now();
              more = chunk.more;
              if (chunk.text) {
                start = chunk.nextStart;
                send(sse("console", { text: chunk.text, offset: start }, start));
                o.onChunk?.(performance.now() - received, chunk.text.length);
                continue; // more text may be waiting: ask again at once
              }
            } catch (err) {
              send(sse("upstream-error", { message: err instanceof Error ? err.message : String(err) }));
            }
          }
          if (run && isTerminal(run.status) && (!more || run.buildNumber === null)) {
            sendRun("end", await runDto(deps.db, o.runId, deps.config));
            break;
          }
          if (Date.now() - lastKeepalive > 15_000) {
            send(encoder.encode(": keep-alive\n\n"));
            lastKeepalive = Date.now();
          }
          await new Promise((r) => setTimeout(r, tickMs));
        }
      } catch (err) {
        send(sse("upstream-error", { message: err instanceof Error ? err.message : String(err) }));
      } finally {
        if (!o.signal.aborted) controller.close();
      }
    },
  });
}
