// Reverse proxy used in front of the real moto and Prometheus processes, so the same fault
// injection (latency, errors, down) applies to services we do not implement ourselves.
import { request } from "node:http";
import { sendText } from "../lib/http";
import type { EmulatorSpec } from "./managed-server";

export function proxySpec(name: string, upstream: () => { host: string; port: number }): EmulatorSpec {
  return {
    name,
    raw: (req, res) =>
      new Promise<void>((resolve) => {
        const { host, port } = upstream();
        const headers = { ...req.headers, host: `${host}:${port}` };
        const up = request({ host, port, method: req.method, path: req.url, headers }, (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          upRes.on("end", resolve);
          upRes.on("error", () => resolve());
        });
        up.on("error", (err) => {
          if (!res.headersSent) sendText(res, 502, `bad gateway: ${name} upstream: ${err.message}\n`);
          else res.destroy();
          resolve();
        });
        req.pipe(up);
      }),
  };
}
