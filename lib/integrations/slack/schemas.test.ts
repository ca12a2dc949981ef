import { describe, expect, it } from "vitest";
import { upstreamExample } from "@/tests/integrations/upstream-examples";
import { permalinkResponseSchema, postMessageResponseSchema, updateResponseSchema } from "./schemas";

// Slack's own example answers of the Web API methods the adapter calls (its method pages; in
// contracts/examples/slack, origin in contracts/README.md): `success` is the documented success body,
// `error` the documented error body.
const METHODS = ["chat.postMessage", "chat.update", "chat.getPermalink"] as const;
const examples = Object.fromEntries(
  METHODS.map((m) => [m, upstreamExample(`slack/${m}.json`) as { success: unknown; error: unknown }]),
) as Record<(typeof METHODS)[number], { success: unknown; error: unknown }>;

describe("Slack Web API responses, as Slack documents them", () => {
  it("reads the channel id and message ts of chat.postMessage's success", () => {
    expect(postMessageResponseSchema.parse(examples["chat.postMessage"].success)).toEqual({
      ok: true,
      channel: "C1H9RESGL",
      ts: "1503435956.000247",
    });
  });

  it("reads chat.update's and chat.getPermalink's successes", () => {
    expect(updateResponseSchema.parse(examples["chat.update"].success)).toMatchObject({
      channel: "C123ABC456",
      ts: "1401383885.000061",
    });
    expect(permalinkResponseSchema.parse(examples["chat.getPermalink"].success).permalink).toBe(
      "https://ghostbusters.slack.com/archives/C1H9RESGA/p135854651500008",
    );
  });

  it("never takes an error body (ok: false) for a success", () => {
    for (const [method, schema] of [
      ["chat.postMessage", postMessageResponseSchema],
      ["chat.update", updateResponseSchema],
      ["chat.getPermalink", permalinkResponseSchema],
    ] as const) {
      expect(examples[method].error, method).toMatchObject({ ok: false, error: expect.any(String) });
      expect(schema.safeParse(examples[method].error).success, method).toBe(false);
    }
  });
});
