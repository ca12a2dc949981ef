// Whether any Slack is configured: a bot token (threads) or an incoming webhook (plain posts).
import { getEnv, type ServerEnv } from "@/lib/env";

export function slackConfigured(env: Pick<ServerEnv, "SLACK_BOT_TOKEN" | "SLACK_WEBHOOK_URL"> = getEnv()): boolean {
  return Boolean(env.SLACK_BOT_TOKEN || env.SLACK_WEBHOOK_URL);
}
