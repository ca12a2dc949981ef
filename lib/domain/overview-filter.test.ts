import { describe, expect, it } from "vitest";
import {
  type FilterableApplication,
  filterApplications,
  hasProblem,
  matchesQuery,
  overviewFilterFrom,
  overviewFilterQuery,
} from "./overview-filter";

const app = (name: string, tones: Record<string, "ok" | "warn" | "bad" | "info" | "neutral">, tag = "1.0.0") =>
  ({
    name,
    description: `${name} service`,
    cells: Object.fromEntries(Object.entries(tones).map(([env, tone]) => [env, { tone, imageTag: tag }])),
  }) satisfies FilterableApplication;

const apps = [
  app("nura-core", { dev: "ok", prod: "bad" }, "1.4.3"),
  app("nura-ui", { dev: "ok", prod: "ok" }, "2.0.1"),
  app("nura-portal", { dev: "warn", prod: "ok" }),
  app("billing", { dev: "info", prod: "neutral" }),
];

describe("overview filter", () => {
  it("problems only keeps applications with a warning or a failure in some environment", () => {
    expect(filterApplications(apps, { q: "", problemsOnly: true }).map((a) => a.name)).toEqual([
      "nura-core",
      "nura-portal",
    ]);
    expect(hasProblem(app("x", { dev: "ok" }))).toBe(false);
    expect(
      hasProblem({
        ...app("x", { dev: "ok" }),
        cells: { dev: { tone: "ok", imageTag: null, operation: { failed: true } } },
      }),
    ).toBe(true);
  });

  it("the search matches name, description and running tags, every word, any case", () => {
    expect(filterApplications(apps, { q: "NURA", problemsOnly: false })).toHaveLength(3);
    expect(filterApplications(apps, { q: "portal", problemsOnly: false }).map((a) => a.name)).toEqual(["nura-portal"]);
    expect(filterApplications(apps, { q: "1.4.3", problemsOnly: false }).map((a) => a.name)).toEqual(["nura-core"]);
    expect(matchesQuery(apps[0]!, "core service")).toBe(true);
    expect(matchesQuery(apps[0]!, "core ui")).toBe(false);
    expect(filterApplications(apps, { q: "nura", problemsOnly: true }).map((a) => a.name)).toEqual([
      "nura-core",
      "nura-portal",
    ]);
    expect(filterApplications(apps, { q: "   ", problemsOnly: false })).toHaveLength(4);
  });

  it("round-trips through the URL and ignores what it does not know", () => {
    const f = overviewFilterFrom(new URLSearchParams("q=core&problems=1&x=y"));
    expect(f).toEqual({ q: "core", problemsOnly: true });
    expect(overviewFilterQuery(f)).toBe("?q=core&problems=1");
    expect(overviewFilterFrom(new URLSearchParams("problems=yes"))).toEqual({ q: "", problemsOnly: false });
    expect(overviewFilterQuery({ q: " ", problemsOnly: false })).toBe("");
    expect(overviewFilterFrom(new URLSearchParams(`q=${"a".repeat(500)}`)).q).toHaveLength(200);
  });
});
