import { describe, expect, it } from "vitest";
import { parseMrkdwn, safeHref } from "./mrkdwn";

describe("parseMrkdwn", () => {
  it("turns links and emphasis into tokens", () => {
    expect(parseMrkdwn("*nura-core* 1.4.2 → <http://localhost:3000/promotions/7|staging> by _amira_ `abc`")).toEqual([
      { kind: "bold", text: "nura-core" },
      { kind: "text", text: " 1.4.2 → " },
      { kind: "link", href: "http://localhost:3000/promotions/7", text: "staging" },
      { kind: "text", text: " by " },
      { kind: "italic", text: "amira" },
      { kind: "text", text: " " },
      { kind: "code", text: "abc" },
    ]);
  });
  it("never links javascript: URLs and unescapes Slack entities", () => {
    expect(parseMrkdwn("<javascript:alert(1)|click> a &lt;b&gt; &amp; c")).toEqual([
      { kind: "text", text: "click" },
      { kind: "text", text: " a <b> & c" },
    ]);
  });
});

describe("safeHref", () => {
  it("accepts http(s) and same-origin paths only", () => {
    expect(safeHref("https://x.example/a")).toBe("https://x.example/a");
    expect(safeHref("/promotions/1")).toBe("/promotions/1");
    expect(safeHref("//evil.example")).toBeUndefined();
    expect(safeHref("data:text/html,x")).toBeUndefined();
  });
});
