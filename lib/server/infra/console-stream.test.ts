import { describe, expect, it, vi } from "vitest";
import type { JenkinsApi } from "@/lib/integrations/jenkins/api";
import { consoleStream } from "./console-stream";
import type { InfraDeps } from "./types";

const run = {
  id: "7b0f3c1e-9d2a-4c55-8f43-2f6f4f7d9a10",
  environment: "dev",
  kind: "apply",
  status: "succeeded",
  trigger: "user",
  requestedBy: "Ana",
  requestedById: null,
  approvedBy: null,
  approvedAt: null,
  approvalReason: null,
  jenkinsJob: "nura-infra-apply",
  buildNumber: 7,
  queueId: 3,
  planSha256: null,
  planRunId: null,
  hasChanges: null,
  stages: [],
  failureReason: null,
  createdAt: new Date("2026-12-01T10:00:00Z"),
  startedAt: new Date("2026-12-01T10:00:01Z"),
  finishedAt: new Date("2026-12-01T10:02:00Z"),
};

const LOG = "line one\nline two\n";

function deps(id: string) {
  const getConsole = vi.fn<JenkinsApi["getConsole"]>(async (_job, _n, start) => {
    await new Promise((r) => setTimeout(r, 5));
    return start < LOG.length
      ? { text: LOG.slice(start, start + 9), nextStart: Math.min(start + 9, LOG.length), more: true }
      : { text: "", nextStart: start, more: false };
  });
  const findUnique = vi.fn(async () => ({ ...run, id }));
  const d = {
    db: { infraRun: { findUnique }, $queryRaw: async () => [] },
    jenkins: { getConsole },
    catalog: async () => ({ environments: [] }),
    config: { planJob: "p", applyJob: "a", planTtlMinutes: 60, lockTtlSeconds: 60, runTimeoutMinutes: 10 },
  } as unknown as InfraDeps;
  return { d, getConsole, findUnique };
}

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("consoleStream", () => {
  it("streams the whole log, then the run and end", async () => {
    const { d } = deps(run.id);
    const text = await read(consoleStream(d, { runId: run.id, start: 0, signal: new AbortController().signal }));
    const chunks = [...text.matchAll(/event: console\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!).text).join("");
    expect(chunks).toBe(LOG);
    expect(text).toMatch(/event: end\n/);
    expect(text).toContain(`id: ${LOG.length}\n`);
  });

  it("viewers of one run at the same offset share its console reads and syncs", async () => {
    const runId = "0d3c7e55-1f0b-4a8e-9c61-5b2f0e7a4c21";
    const { d, getConsole, findUnique } = deps(runId);
    const signal = new AbortController().signal;
    const texts = await Promise.all(
      [1, 2, 3, 4].map(() => read(consoleStream(d, { runId, start: 0, signal, tickMs: 20 }))),
    );
    for (const t of texts) expect(t).toBe(texts[0]);
    expect(texts[0]).toMatch(/event: end\n/);
    // One read per offset (two chunks and the complete tail), not one per viewer.
    expect(getConsole.mock.calls.map((c) => c[2])).toEqual([0, 9, 18]);
    // One shared sync (syncRun + runDto: two reads) plus each viewer's own end.
    expect(findUnique.mock.calls.length).toBe(2 + 4);
  });
});
