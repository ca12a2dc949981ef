import { describe, expect, it } from "vitest";
import { INFRA_EVENTS, infraRunMessage } from "./infra-messages";
import {
  PROMOTION_EVENTS,
  type PromotionSnapshot,
  promotionEventMessage,
  promotionSummaryMessage,
  promotionUrl,
} from "./promotion-messages";
import { messagePayloadSchema } from "./schemas";

const links = {
  portalUrl: "https://portal.nura.example.com/",
  commitUrl: (sha: string) => `https://git.example.com/gitops/commit/${sha}`,
};
const base: PromotionSnapshot = {
  id: "3f1c2a9e-0000-4000-8000-000000000001",
  application: "nura-core",
  fromEnvironment: "staging",
  toEnvironment: "prod",
  imageTag: "1.4.2",
  status: "requested",
  requestedBy: "Dana Developer",
  approvals: { required: 2, given: [] },
};

const buttons = (m: { blocks: unknown[] }) =>
  m.blocks.flatMap((b) =>
    (b as { type: string }).type === "actions" ? (b as { elements: { url: string }[] }).elements : [],
  );

describe("promotion messages", () => {
  it.each(PROMOTION_EVENTS)("%s is a payload Slack accepts, with a deep link to the promotion", (event) => {
    const p: PromotionSnapshot = {
      ...base,
      status: event === "rolled_back" ? "rolled_back" : event === "failed" ? "failed" : "approved",
      approvals: { required: 2, given: [{ name: "Ana Approver", comment: "ok <b>" }] },
      actor: "Ana Approver",
      commitSha: "0123456789abcdef0123456789abcdef01234567",
      revertSha: event === "rolled_back" ? "fedcba9876543210fedcba9876543210fedcba98" : null,
      reason: event === "rolled_back" || event === "failed" ? "nura-core-prod Degraded after sync" : null,
    };
    const m = promotionEventMessage(event, p, links);
    expect(messagePayloadSchema.safeParse(m).error).toBeUndefined();
    expect(buttons(m).map((b) => b.url)).toEqual([
      "https://portal.nura.example.com/promotions/3f1c2a9e-0000-4000-8000-000000000001",
    ]);
    expect(m.text).toContain("nura-core 1.4.2 → prod");
  });

  it("says why a rollback happened and links the revert commit", () => {
    const m = promotionEventMessage(
      "rolled_back",
      { ...base, status: "rolled_back", revertSha: "fedcba9876543210", reason: "Degraded: CrashLoopBackOff" },
      links,
    );
    const json = JSON.stringify(m.blocks);
    expect(json).toContain("*Why:* Degraded: CrashLoopBackOff");
    expect(json).toContain("<https://git.example.com/gitops/commit/fedcba9876543210|fedcba9>");
    expect(m.text).toBe("Rolled back: nura-core 1.4.2 → prod: Degraded: CrashLoopBackOff");
  });

  it("counts the approvals still needed and names who approved", () => {
    const m = promotionEventMessage(
      "approval_needed",
      { ...base, approvals: { required: 2, given: [{ name: "Ana" }] } },
      links,
    );
    expect(JSON.stringify(m.blocks)).toContain("needs 1 more approval (1 of 2 (Ana))");
    expect(buttons(m)[0]).toMatchObject({ style: "primary", text: { text: "Review and approve" } });
  });

  it("escapes user text so a comment cannot inject links or mentions", () => {
    const m = promotionEventMessage(
      "approved",
      {
        ...base,
        actor: "Ana",
        approvals: { required: 2, given: [{ name: "Ana", comment: "<!channel> & <http://x|y>" }] },
      },
      links,
    );
    const json = JSON.stringify(m.blocks);
    expect(json).toContain("&lt;!channel&gt; &amp; &lt;http://x|y&gt;");
    expect(json).not.toContain("<!channel>");
  });

  it("summary shows the current state and stays valid when every field is long", () => {
    const long = "x".repeat(5000);
    const m = promotionSummaryMessage(
      { ...base, status: "succeeded", reason: long, requestedBy: long, commitSha: "abc1234def" },
      links,
    );
    expect(messagePayloadSchema.safeParse(m).error).toBeUndefined();
    expect(m.text).toBe("Promotion nura-core 1.4.2 → prod: succeeded");
    expect(JSON.stringify(m.blocks)).toContain("<https://git.example.com/gitops/commit/abc1234def|abc1234>");
  });

  it("summary without a commit page shows the short sha as text", () => {
    const m = promotionSummaryMessage({ ...base, commitSha: "abc1234def" }, { ...links, commitUrl: () => null });
    expect(JSON.stringify(m.blocks)).toContain("*Commit*\\nabc1234");
    expect(buttons(m)[0]).toMatchObject({ text: { text: "Review and approve" } });
  });

  it("builds the deep link from PORTAL_URL with or without a trailing slash", () => {
    expect(promotionUrl("http://localhost:3000", "a b")).toBe("http://localhost:3000/promotions/a%20b");
    expect(promotionUrl("http://localhost:3000/", "id")).toBe("http://localhost:3000/promotions/id");
  });
});

describe("infra messages", () => {
  it.each(INFRA_EVENTS)("%s is a payload Slack accepts with a link to the run", (event) => {
    const m = infraRunMessage(
      event,
      {
        id: "run-1",
        environment: "prod",
        kind: event === "drift_detected" ? "drift" : "apply",
        summary: { add: 1, change: 2, destroy: 1 },
        planSha256: "a".repeat(64),
        reason: event === "failed" ? "tofu exited 1" : null,
      },
      { runUrl: "https://portal.nura.example.com/infrastructure/runs/run-1" },
    );
    expect(messagePayloadSchema.safeParse(m).error).toBeUndefined();
    expect(buttons(m)[0]?.url).toBe("https://portal.nura.example.com/infrastructure/runs/run-1");
  });

  it("flags destroys in drift", () => {
    const m = infraRunMessage(
      "drift_detected",
      { id: "r", environment: "prod", kind: "drift", summary: { add: 0, change: 0, destroy: 3 } },
      { runUrl: "https://p/x" },
    );
    expect(JSON.stringify(m.blocks)).toContain("includes destroys");
  });
});

describe("payload schema", () => {
  it("refuses what Slack refuses: long button text, non-http url, too many blocks", () => {
    const button = (text: string, url: string) => ({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text }, url }],
    });
    expect(messagePayloadSchema.safeParse({ text: "x", blocks: [button("y".repeat(76), "https://a")] }).success).toBe(
      false,
    );
    expect(messagePayloadSchema.safeParse({ text: "x", blocks: [button("ok", "javascript:alert(1)")] }).success).toBe(
      false,
    );
    expect(
      messagePayloadSchema.safeParse({ text: "x", blocks: Array.from({ length: 51 }, () => ({ type: "divider" })) })
        .success,
    ).toBe(false);
    expect(messagePayloadSchema.safeParse({ text: "x", blocks: [{ type: "section" }] }).success).toBe(false);
  });
});
