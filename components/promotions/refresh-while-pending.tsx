"use client";
// The request page is server-rendered with a bounded wait for each upstream; a section that was still
// being read (a cold git fetch on a busy machine) would otherwise stay "Reading…" until a manual reload.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

const LOOK_AGAIN_MS = 2_000;

export function RefreshWhilePending({ pending }: { pending: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    // An interval, not one timeout: a refreshed page that is still pending keeps the same props, so
    // the effect would not run again; it stops once a render says nothing is pending.
    const timer = setInterval(() => router.refresh(), LOOK_AGAIN_MS);
    return () => clearInterval(timer);
  }, [pending, router]);
  return null;
}
