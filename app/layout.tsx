import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Nura Platform Portal", template: "%s · Nura Platform Portal" },
  description: "Environments, promotions, infrastructure and audit for the Nura delivery platform",
};

// The theme comes from a cookie so the server renders the right colours (no flash, no inline script).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get("theme")?.value === "dark" ? "dark" : "light";
  return (
    <html lang="en" data-theme={theme}>
      <body>{children}</body>
    </html>
  );
}
