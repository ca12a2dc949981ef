// One emulator's HTTP listener with fault injection in front of its handler. Every emulator and
// proxy runs through this, so latency / error rate / down behave the same everywhere.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { type Router, sendText, sleep } from "../lib/http";
import { type Fault, type FaultPatch, noFault, shouldFail } from "./faults";

export interface EmulatorSpec {
  name: string;
  router?: Router;
  /** Raw handler (used by proxies); takes precedence over router. */
  raw?: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
  /** The error an injected fault answers with, in the emulated system's wire format. */
  injectedError?: (req: IncomingMessage, res: ServerResponse) => void;
  notFound?: (req: IncomingMessage, res: ServerResponse) => void;
}

export class ManagedServer {
  readonly name: string;
  private server: Server;
  private sockets = new Set<Socket>();
  private fault: Fault = noFault();
  private boundPort = 0;
  private listening = false;

  constructor(
    private spec: EmulatorSpec,
    private host = "127.0.0.1",
  ) {
    this.name = spec.name;
    this.server = createServer((req, res) => void this.handle(req, res));
    // Long-lived streams (Argo CD, watches) must not be cut by Node's default timeouts.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 60_000;
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  get port(): number {
    return this.boundPort;
  }
  get url(): string {
    return `http://${this.host}:${this.boundPort}`;
  }
  get faults(): Fault {
    return { ...this.fault };
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) =>
        reject(new Error(`${this.name}: cannot listen on ${this.host}:${port}: ${err.message}`));
      this.server.once("error", onError);
      this.server.listen(port, this.host, () => {
        this.server.off("error", onError);
        resolve();
      });
    });
    const addr = this.server.address();
    if (addr && typeof addr === "object") this.boundPort = addr.port;
    this.listening = true;
  }

  async close(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** Applies a fault patch; going down closes the port, coming up reopens the same port. */
  async setFault(patch: FaultPatch): Promise<Fault> {
    const next = { ...this.fault, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    const wasDown = this.fault.down;
    this.fault = next as Fault;
    if (!wasDown && this.fault.down) await this.close();
    if (wasDown && !this.fault.down) await this.listen(this.boundPort);
    return this.faults;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://localhost");
    // /__sandbox/* are the sandbox's own helper endpoints; faults model the emulated system only.
    const control = url.pathname.startsWith("/__sandbox/");
    try {
      if (!control && this.fault.latencyMs > 0) await sleep(this.fault.latencyMs);
      if (!control && shouldFail(this.fault)) {
        if (this.spec.injectedError) this.spec.injectedError(req, res);
        else sendText(res, 503, "service unavailable (sandbox fault injection)\n");
        return;
      }
      if (this.spec.raw) {
        await this.spec.raw(req, res);
        return;
      }
      const match = this.spec.router?.match(req.method ?? "GET", url.pathname);
      if (match === "method-not-allowed") {
        sendText(res, 405, "Method Not Allowed\n");
        return;
      }
      if (!match) {
        if (this.spec.notFound) this.spec.notFound(req, res);
        else sendText(res, 404, "Not Found\n");
        return;
      }
      await match.handler({ req, res, url, params: match.params });
    } catch (err) {
      console.error(`[sandbox:${this.name}] ${req.method} ${req.url}:`, err);
      if (!res.headersSent) sendText(res, 500, "internal error\n");
      else res.destroy();
    }
  }
}
