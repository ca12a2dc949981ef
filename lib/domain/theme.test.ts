import { describe, expect, it } from "vitest";
import { effectiveTheme, themeChoice } from "./theme";

describe("theme", () => {
  it("an explicit choice wins; without one the OS preference decides", () => {
    expect(effectiveTheme("light", true)).toBe("light");
    expect(effectiveTheme("dark", false)).toBe("dark");
    expect(effectiveTheme(null, true)).toBe("dark");
    expect(effectiveTheme(null, false)).toBe("light");
  });

  it("only light and dark are choices; any other cookie means follow the OS", () => {
    expect(themeChoice("dark")).toBe("dark");
    expect(themeChoice("light")).toBe("light");
    expect(themeChoice("system")).toBeNull();
    expect(themeChoice("DARK")).toBeNull();
    expect(themeChoice(undefined)).toBeNull();
  });
});
