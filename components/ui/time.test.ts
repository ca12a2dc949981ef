// <Time> renders <time datetime> with the zone from its provider and UTC on hover.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Time, TimeZoneProvider } from "./time";

const at = "2026-12-01T10:04:05Z";
const inZone = (zone: string, el: ReturnType<typeof createElement>) =>
  renderToStaticMarkup(createElement(TimeZoneProvider, { initial: zone }, el));

describe("<Time>", () => {
  it("an absolute time in the provider's zone, with the machine-readable instant and UTC on hover", () => {
    expect(inZone("Europe/Berlin", createElement(Time, { iso: at }))).toBe(
      '<time dateTime="2026-12-01T10:04:05Z" title="2026-12-01 11:04:05 UTC+1 · 2026-12-01 10:04:05 UTC">2026-12-01 11:04 UTC+1</time>',
    );
  });

  it("a time of day, and a relative time against the data's own reference instant", () => {
    expect(inZone("UTC", createElement(Time, { iso: at, format: "clock" }))).toContain(">10:04 UTC</time>");
    const ago = inZone("UTC", createElement(Time, { iso: at, format: "ago", reference: "2026-12-01T10:09:05Z" }));
    expect(ago).toContain(">5 min ago</time>");
    expect(ago).toContain('title="2026-12-01 10:04:05 UTC"');
  });

  it("renders UTC outside a provider and for a zone the runtime does not know", () => {
    expect(renderToStaticMarkup(createElement(Time, { iso: at }))).toContain(">2026-12-01 10:04 UTC</time>");
    expect(inZone("Nowhere/Special", createElement(Time, { iso: at }))).toContain(">2026-12-01 10:04 UTC</time>");
  });
});
