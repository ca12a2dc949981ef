import { describe, expect, it } from "vitest";
import { stripAnsi } from "./ansi";

describe("stripAnsi", () => {
  it("removes colour and cursor sequences, keeps the text", () => {
    expect(stripAnsi("\u001b[32m+\u001b[0m\u001b[0m rds = {")).toBe("+ rds = {");
    expect(stripAnsi("\u001b[1m\u001b[31mError:\u001b[0m boom\u001b[?25l")).toBe("Error: boom");
    expect(stripAnsi("plain → text")).toBe("plain → text");
  });
});
