import "server-only";

export { slackConfigured } from "./config";
// Slack for the rest of the portal: queue a message in your transaction, read a target's thread.
export type { SlackNotice } from "./notice";
export { queueSlackMessage } from "./outbox";
export { type SlackDeliveryView, type SlackThreadView, slackThreadView } from "./read";
export { SLACK_DELIVER_JOB } from "./register";
