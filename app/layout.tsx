import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { THEME_COOKIE, themeChoice } from "@/lib/domain/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Nura Platform Portal", template: "%s · Nura Platform Portal" },
  description: "Environments, promotions, infrastructure and audit for the Nura delivery platform",
};

// An explicit theme comes from a cookie so the server renders the right colours (no flash, no inline
// script). Without one, <html> has no data-theme and the CSS follows the OS (color-scheme: light dark).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = themeChoice((await cookies()).get(THEME_COOKIE)?.value) ?? undefined;
  return (
    <html lang="en" data-theme={theme}>
      <body>{children}</body>
    </html>
  );
}
