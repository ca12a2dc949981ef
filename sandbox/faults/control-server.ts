// The world's control API (one port for the whole sandbox): inspect and change faults of every
// emulator and proxy, force a GitOps refresh. Kept separate from the emulators so that an
// emulator that is "down" can still be brought back up.

import { z } from "zod";
import { Router, readJson, sendJson } from "../lib/http";
import { faultPatchSchema } from "./faults";
import type { EmulatorSpec, ManagedServer } from "./managed-server";

const delay = z.number().int().min(0).max(600_000);
export const operationTimingPatchSchema = z.strictObject({
  syncDelayMs: delay.optional(),
  operationPickupMs: delay.optional(),
});
export type OperationTimingPatch = z.infer<typeof operationTimingPatchSchema>;

export function controlSpec(
  servers: () => Map<string, ManagedServer>,
  extra: {
    refresh: () => Promise<void>;
    /** The controller's operation timing: patch it, or (null) restore the one it started with. */
    timing?: (patch: OperationTimingPatch | null) => OperationTimingPatch;
  },
): EmulatorSpec {
  const router = new Router();
  const all = () => Object.fromEntries([...servers()].map(([name, s]) => [name, { url: s.url, ...s.faults }]));

  router.on("GET", "/health", ({ res }) => sendJson(res, 200, { status: "ok" }));
  router.on("GET", "/faults", ({ res }) => sendJson(res, 200, all()));
  router.on("PUT", "/faults/:target", async ({ req, res, params }) => {
    const server = servers().get(params.target!);
    if (!server)
      return sendJson(res, 404, { error: `unknown target "${params.target}"`, targets: [...servers().keys()] });
    const parsed = faultPatchSchema.safeParse(await readJson(req).catch(() => undefined));
    if (!parsed.success)
      return sendJson(res, 400, {
        error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      });
    sendJson(res, 200, { [params.target!]: await server.setFault(parsed.data) });
  });
  router.on("DELETE", "/faults/:target", async ({ res, params }) => {
    const server = servers().get(params.target!);
    if (!server) return sendJson(res, 404, { error: `unknown target "${params.target}"` });
    sendJson(res, 200, { [params.target!]: await server.setFault({ latencyMs: 0, errorRate: 0, down: false }) });
  });
  router.on("DELETE", "/faults", async ({ res }) => {
    for (const s of servers().values()) await s.setFault({ latencyMs: 0, errorRate: 0, down: false });
    sendJson(res, 200, all());
  });
  router.on("POST", "/gitops/refresh", async ({ res }) => {
    await extra.refresh();
    sendJson(res, 200, { refreshed: true });
  });
  // A slower controller for a test that must act while an operation runs (Terminate): the sync
  // then stays Running long enough to be stopped, instead of racing its 2-second default.
  router.on("PUT", "/timing", async ({ req, res }) => {
    if (!extra.timing) return sendJson(res, 404, { error: "no controller timing here" });
    const parsed = operationTimingPatchSchema.safeParse(await readJson(req).catch(() => undefined));
    if (!parsed.success)
      return sendJson(res, 400, {
        error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      });
    sendJson(res, 200, extra.timing(parsed.data));
  });
  router.on("DELETE", "/timing", ({ res }) => {
    if (!extra.timing) return sendJson(res, 404, { error: "no controller timing here" });
    sendJson(res, 200, extra.timing(null));
  });
  return { name: "control", router, notFound: (_q, res) => sendJson(res, 404, { error: "not found" }) };
}
