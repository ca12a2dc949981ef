// A table that may be wider than a phone's screen scrolls inside this region, not the page (WCAG
// 1.4.10). The region takes keyboard focus so it can be scrolled without a mouse even when the table
// holds nothing focusable (axe: scrollable-region-focusable), and is named (a labelled <section> is a
// region landmark) for screen readers.
import type { ReactNode } from "react";

export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
