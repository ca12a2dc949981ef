import { cookies } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { CollapsibleNav } from "@/components/shell/collapsible-nav";
import { type NavItem, NavLinks } from "@/components/shell/nav-links";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { TimeZoneProvider } from "@/components/ui/time";
import { requirePagePrincipal } from "@/lib/auth/session";
import { can, primaryRole } from "@/lib/domain/roles";
import { THEME_COOKIE, themeChoice } from "@/lib/domain/theme";
import { TIME_ZONE_COOKIE } from "@/lib/domain/time-format";
import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

/** The zone the browser reported (URI-encoded: "Asia%2FKolkata"); anything unreadable is UTC. */
function timeZoneCookie(raw: string | undefined): string {
  try {
    return raw ? decodeURIComponent(raw) : "UTC";
  } catch {
    return "UTC";
  }
}

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const principal = await requirePagePrincipal();
  const jar = await cookies();
  const items: NavItem[] = [
    { href: "/", label: "Overview" },
    { href: "/environments", label: "Environments" },
    { href: "/promotions", label: "Promotions" },
    { href: "/infrastructure", label: "Infrastructure" },
  ];
  if (can(principal, "audit.read")) items.push({ href: "/audit", label: "Audit" });
  if (getEnv().SANDBOX) items.push({ href: "/sandbox/slack", label: "Sandbox Slack" });
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="sidebar-head">
          <Link className="brand" href="/">
            Nura Platform
          </Link>
          <CollapsibleNav>
            <NavLinks items={items} />
            <div className="userbox" data-testid="current-user">
              <div>{principal.name}</div>
              <div className="muted">{principal.email}</div>
              <span className="role">{primaryRole(principal)}</span>
            </div>
          </CollapsibleNav>
        </div>
      </aside>
      {/* min-width: 0 on this grid child lets wide content scroll inside the page, not widen it. */}
      <div className="main">
        <div className="topbar">
          <ThemeToggle choice={themeChoice(jar.get(THEME_COOKIE)?.value)} />
          <SignOutButton />
        </div>
        <main id="main">
          <TimeZoneProvider initial={timeZoneCookie(jar.get(TIME_ZONE_COOKIE)?.value)}>
            <Providers>{children}</Providers>
          </TimeZoneProvider>
        </main>
      </div>
    </div>
  );
}
