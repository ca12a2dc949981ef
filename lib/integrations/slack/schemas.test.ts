import { describe, expect, it } from "vitest";
import { upstreamExample } from "@/tests/integrations/upstream-examples";
import { permalinkResponseSchema, postMessageResponseSchema, updateResponseSchema } from "./schemas";

// Slack's own examples of the Web API answers the adapter reads (slackapi/slack-api-specs, in
// contracts/examples/slack; origin in contracts/README.md): "200" is the documented success body,
// "default" the documented error body.
type Examples = Record<"chat.postMessage" | "chat.update" | "chat.getPermalink", { 200: unknown; default: unknown }>;
const examples = upstreamExample("slack/web-api-examples.json") as Examples;

describe("Slack Web API responses, as Slack documents them", () => {
  it("reads the channel id and message ts of chat.postMessage's success", () => {
    expect(postMessageResponseSchema.parse(examples["chat.postMessage"][200])).toEqual({
      ok: true,
      channel: "C1H9RESGL",
      ts: "1503435956.000247",
    });
  });

  it("reads chat.update's and chat.getPermalink's successes", () => {
    expect(updateResponseSchema.parse(examples["chat.update"][200])).toMatchObject({
      channel: "C024BE91L",
      ts: "1401383885.000061",
    });
    expect(permalinkResponseSchema.parse(examples["chat.getPermalink"][200]).permalink).toBe(
      "https://ghostbusters.slack.com/archives/C1H9RESGA/p135854651500008",
    );
  });

  it("never takes an error body (ok: false) for a success", () => {
    for (const [method, schema] of [
      ["chat.postMessage", postMessageResponseSchema],
      ["chat.update", updateResponseSchema],
      ["chat.getPermalink", permalinkResponseSchema],
    ] as const) {
      expect(examples[method].default, method).toMatchObject({ ok: false, error: expect.any(String) });
      expect(schema.safeParse(examples[method].default).success, method).toBe(false);
    }
  });
});
