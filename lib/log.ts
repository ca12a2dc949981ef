import "server-only";
// JSON logs (pino). Secrets never reach a line: secret-named keys are censored at any depth
// and every string is scrubbed of token shapes (Bearer, JWT, Slack, Grafana, AWS, cookies).
import pino from "pino";
import { getEnv } from "./env";
import { scrubSecrets } from "./log-redaction";

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { service: "nura-portal" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrubSecrets(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          // The message string itself may carry a token ("calling X with Bearer ey…").
          const scrubbed = args.map((a) => (typeof a === "string" ? (scrubSecrets(a) as string) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

export const logger = createLogger(getEnv().LOG_LEVEL);
