import { describe, expect, it } from "vitest";
import { queryParams } from "./params";

describe("queryParams", () => {
  it("reads single values; an empty one is absent", () => {
    expect(queryParams("http://x/a?env=prod&q=")).toEqual({ env: "prod" });
  });

  it("refuses a repeated key, a NUL, and (with known keys) an unknown key, naming it", () => {
    expect(() => queryParams("http://x/a?env=a&env=b")).toThrow("env: must be given once");
    expect(() => queryParams("http://x/a?q=a%00b")).toThrow("q: must not contain NUL characters");
    expect(() => queryParams("http://x/a?enviroment=prod", ["environment", "limit"])).toThrow(
      "enviroment: is not a parameter here (known: environment, limit)",
    );
    expect(queryParams("http://x/a?environment=prod", ["environment", "limit"])).toEqual({ environment: "prod" });
  });
});
