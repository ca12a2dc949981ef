"use client";
// The sidebar's body (navigation and the signed-in user) behind a "Menu" button on narrow screens,
// so a phone's first screen shows the page and not the whole sidebar (issue 13 item 5). On wide
// screens the button is hidden by CSS and the body always shows. It closes after each navigation.
import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";

export function CollapsibleNav({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing is the reaction to a new pathname
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        className="nav-toggle"
        aria-expanded={open}
        aria-controls="sidebar-body"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "Close menu" : "Menu"}
      </button>
      <div id="sidebar-body" className="sidebar-body" data-open={open}>
        {children}
      </div>
    </>
  );
}
