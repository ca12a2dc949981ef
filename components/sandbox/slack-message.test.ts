import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SlackMessageCard } from "./slack-message";

const base = {
  channel: "C0ABC",
  channelName: "nura-releases",
  ts: "1700000000.000100",
  source: "chat.postMessage",
  username: "nura-portal",
  postedAt: "2026-11-27T00:00:00.000Z",
  permalink: "http://127.0.0.1:18084/archives/C0ABC/p1700000000000100",
};

describe("SlackMessageCard", () => {
  it("renders blocks with the deep-link button as a link into the portal", () => {
    const html = renderToStaticMarkup(
      createElement(SlackMessageCard, {
        message: {
          ...base,
          text: "fallback",
          blocks: [
            { type: "header", text: { type: "plain_text", text: "Promotion approved" } },
            { type: "section", text: { type: "mrkdwn", text: "*nura-core* `1.4.2` → staging" } },
            { type: "context", elements: [{ type: "mrkdwn", text: "by <http://localhost:3000/users/2|amira>" }] },
            {
              type: "actions",
              elements: [
                {
                  type: "button",
                  text: { type: "plain_text", text: "Open promotion" },
                  url: "http://localhost:3000/promotions/7",
                  style: "primary",
                },
                { type: "button", text: { type: "plain_text", text: "Bad" }, url: "javascript:alert(1)" },
              ],
            },
            { type: "divider" },
          ],
        },
      }),
    );
    expect(html).toContain("Promotion approved");
    expect(html).toContain("<strong>nura-core</strong>");
    expect(html).toContain('href="http://localhost:3000/promotions/7"');
    expect(html).toContain('href="http://localhost:3000/users/2"');
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("fallback");
    expect(html).toContain(base.permalink);
  });

  it("falls back to the text when there are no blocks", () => {
    const html = renderToStaticMarkup(
      createElement(SlackMessageCard, { message: { ...base, text: "hello <https://x.example|x>", blocks: [] } }),
    );
    expect(html).toContain('<a href="https://x.example/">x</a>');
  });
});
