import { describe, expect, it } from "vitest";
import { notFoundHint } from "./not-found-hint";

const names = { applications: ["nura-core", "nura-portal"], environments: ["dev", "staging", "prod"] };

describe("notFoundHint", () => {
  it("names an unknown application and links the ones that exist, in the environment asked for", () => {
    const h = notFoundHint("/applications/nura-cor/prod?range=1h", names);
    expect(h.title).toBe("Unknown application");
    expect(h.message).toBe('There is no application "nura-cor" in the catalog. Applications: nura-core, nura-portal.');
    expect(h.links).toEqual([
      { label: "nura-core", href: "/applications/nura-core/prod" },
      { label: "nura-portal", href: "/applications/nura-portal/prod" },
    ]);
  });

  it("names an unknown environment of a known application and links its environments", () => {
    const h = notFoundHint("/applications/nura-core/qa", names);
    expect(h.message).toBe('nura-core has no environment "qa". Environments: dev, staging, prod.');
    expect(h.links.map((l) => l.href)).toEqual([
      "/applications/nura-core/dev",
      "/applications/nura-core/staging",
      "/applications/nura-core/prod",
    ]);
  });

  it("names an unknown environment page, decoding what was typed, and falls back for anything else", () => {
    expect(notFoundHint("/environments/pr%20od", names).message).toBe(
      'There is no environment "pr od". Environments: dev, staging, prod.',
    );
    expect(notFoundHint("/nothing/here", names)).toMatchObject({
      title: "Page not found",
      message: "Nothing is at /nothing/here.",
    });
    expect(notFoundHint(null, names).message).toBe("Nothing is at this address.");
  });
});
