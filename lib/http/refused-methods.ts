// TRACE, TRACK and CONNECT are answered 405 by the Node server itself. Next turns every incoming request
// into a WHATWG Request before the proxy (proxy.ts) or any route sees it, and undici refuses to build
// one for these methods ("'TRACE' HTTP method is unsupported"), so without this they are a 500 that no
// application code can catch (found by schemathesis, `make api-fuzz`). Installed once per process from
// instrumentation.ts; the patch only intercepts those methods and hands every other request on untouched.
import type { IncomingMessage, Server, ServerResponse } from "node:http";

/** Methods the Fetch standard forbids: a Request cannot carry them. */
export const REFUSED_METHODS: ReadonlySet<string> = new Set(["TRACE", "TRACK", "CONNECT"]);

const INSTALLED = Symbol.for("nura.refused-methods");

/** Answers a refused method with the portal's error body; false when the request is not one. */
export function refuseMethod(req: Pick<IncomingMessage, "method">, res: ServerResponse): boolean {
  const method = (req.method ?? "").toUpperCase();
  if (!REFUSED_METHODS.has(method)) return false;
  const body = JSON.stringify({ error: "method_not_allowed", message: `${method} is not supported by the portal` });
  res.writeHead(405, {
    allow: "GET, HEAD, POST",
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    connection: "close",
  });
  res.end(body);
  return true;
}

/** Patches http.Server's "request" event (every server of the process, whenever it was created). */
export function installRefusedMethods(serverClass: { prototype: Server }): void {
  const proto = serverClass.prototype as Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  const emit = proto.emit;
  proto.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request" && refuseMethod(args[0] as IncomingMessage, args[1] as ServerResponse)) return true;
    return (emit as (this: Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as Server["emit"];
  proto[INSTALLED] = true;
}
