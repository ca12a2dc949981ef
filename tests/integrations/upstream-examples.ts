// Payloads of the real systems, vendored in contracts/examples/ (origin, commit and licence of each in
// contracts/README.md), for the adapters' mapping tests. They are parsed as the wire carries them: the
// YAML ones are API objects as the upstream project stored them (YAML 1.2, so timestamps stay strings,
// as in JSON); the others are JSON.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { CONTRACTS_DIR } from "../sandbox/contracts";

export function upstreamExample(path: string): unknown {
  const text = readFileSync(`${CONTRACTS_DIR}examples/${path}`, "utf8");
  if (path.endsWith(".yaml")) return parse(text);
  return JSON.parse(text);
}
