// Wire schemas: the Block Kit subset the portal sends, with the limits Slack documents
// (docs.slack.dev/reference/block-kit: 50 blocks a message, header 150 chars, section text 3000,
// 10 fields of 2000, 10 context elements, 25 actions, button text 75 and url 3000), and the
// Web API responses the adapter reads. Builders are tested against these, so a message Slack
// would refuse (invalid_blocks) fails in a unit test instead of in the channel.
import { z } from "zod";

const plainText = (max: number) =>
  z.strictObject({ type: z.literal("plain_text"), text: z.string().min(1).max(max), emoji: z.boolean().optional() });
const mrkdwn = (max: number) =>
  z.strictObject({ type: z.literal("mrkdwn"), text: z.string().min(1).max(max), verbatim: z.boolean().optional() });
const textObject = (max: number) => z.union([plainText(max), mrkdwn(max)]);
const blockId = z.string().max(255).optional();

export const buttonSchema = z.strictObject({
  type: z.literal("button"),
  text: plainText(75),
  action_id: z.string().max(255).optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(3000)
    .optional(),
  value: z.string().max(2000).optional(),
  style: z.enum(["primary", "danger"]).optional(),
  accessibility_label: z.string().max(75).optional(),
});

export const headerBlockSchema = z.strictObject({ type: z.literal("header"), text: plainText(150), block_id: blockId });
export const sectionBlockSchema = z
  .strictObject({
    type: z.literal("section"),
    text: textObject(3000).optional(),
    fields: z.array(textObject(2000)).min(1).max(10).optional(),
    accessory: buttonSchema.optional(),
    block_id: blockId,
  })
  .refine((b) => b.text || b.fields, "a section needs text or fields");
export const contextBlockSchema = z.strictObject({
  type: z.literal("context"),
  elements: z.array(textObject(3000)).min(1).max(10),
  block_id: blockId,
});
export const actionsBlockSchema = z.strictObject({
  type: z.literal("actions"),
  elements: z.array(buttonSchema).min(1).max(25),
  block_id: blockId,
});
export const dividerBlockSchema = z.strictObject({ type: z.literal("divider"), block_id: blockId });

export const blockSchema = z.union([
  headerBlockSchema,
  sectionBlockSchema,
  contextBlockSchema,
  actionsBlockSchema,
  dividerBlockSchema,
]);
export type SlackBlock = z.infer<typeof blockSchema>;
export type SlackButton = z.infer<typeof buttonSchema>;

/** A chat.postMessage / webhook payload: fallback text (notifications, screen readers) and ≤ 50 blocks. */
export const messagePayloadSchema = z.strictObject({
  text: z.string().min(1).max(40_000),
  blocks: z.array(blockSchema).max(50),
});

// Web API responses (ok:false is turned into an error by @slack/web-api before we parse).
export const postMessageResponseSchema = z.object({
  ok: z.literal(true),
  channel: z.string().regex(/^[CDG][A-Z0-9]+$/, "must be a channel id"),
  ts: z.string().regex(/^\d+\.\d+$/, "must be a Slack timestamp"),
});
export const updateResponseSchema = z.object({ ok: z.literal(true), channel: z.string(), ts: z.string() });
export const permalinkResponseSchema = z.object({ ok: z.literal(true), channel: z.string(), permalink: z.url() });
