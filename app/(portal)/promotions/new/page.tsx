import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { RefreshWhilePending } from "@/components/promotions/refresh-while-pending";
import { RequestButton } from "@/components/promotions/request-button";
import { RequestPicker } from "@/components/promotions/request-picker";
import { RequestPreviewView } from "@/components/promotions/request-preview-view";
import { requirePagePrincipal } from "@/lib/auth/session";
import { environmentScope, getCatalog } from "@/lib/catalog";
import { promotionRequestHeading } from "@/lib/domain/page-headings";
import { can } from "@/lib/domain/roles";
import { isAppError } from "@/lib/http/errors";
import { getRequestPreviewService } from "@/lib/server/promotion-views";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

// The preview once per request, shared by the title and the page (React's request-scoped cache).
const previewFor = cache((app: string, to: string) => getRequestPreviewService().get(app, to));

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  await requirePagePrincipal();
  const q = await searchParams;
  const [app, to] = [first(q.app), first(q.to)];
  // A failed preview is the page's to explain (below); the title then stays the generic one.
  const preview = app && to ? await previewFor(app, to).catch(() => null) : null;
  return { title: preview ? promotionRequestHeading(preview) : "Request a promotion" };
}

export default async function NewPromotionPage({ searchParams }: Props) {
  const principal = await requirePagePrincipal();
  const q = await searchParams;
  const app = first(q.app);
  const to = first(q.to);
  const catalog = await getCatalog();
  const picker = <RequestPicker catalog={catalog} app={app} to={to} />;
  if (!app || !to) {
    return (
      <>
        <h1>Request a promotion</h1>
        {picker}
      </>
    );
  }
  let preview: Awaited<ReturnType<ReturnType<typeof getRequestPreviewService>["get"]>>;
  try {
    preview = await previewFor(app, to);
  } catch (err) {
    if (!isAppError(err)) throw err;
    // An application or environment the catalog does not have: a 404 naming it (./not-found.tsx).
    if (err.code === "not_found") notFound();
    return (
      <>
        <h1>Request a promotion</h1>
        {picker}
        <p className="alert" role="alert">
          {err.message}
        </p>
      </>
    );
  }
  const p = preview;
  const disabledReason = !can(principal, "promotion.request", environmentScope(catalog, p.toEnvironment))
    ? `Requesting a promotion to ${p.toEnvironment} needs the developer, approver or admin role.`
    : p.blocker;
  return (
    <>
      <p className="small">
        <Link href="/promotions">Promotions</Link>
      </p>
      <h1>
        Promote {p.application} <code>{p.imageTag ?? "?"}</code> → {p.toEnvironmentName}
      </h1>
      <p>
        From {p.fromEnvironmentName} (<code>{p.imageTag ?? "?"}</code>) to {p.toEnvironmentName} (
        <code>{p.targetTag ?? "?"}</code>).{" "}
        {p.approvalsRequired === 0
          ? "No approval needed: it deploys once requested."
          : `Needs ${p.approvalsRequired} approval${p.approvalsRequired > 1 ? "s" : ""} by someone other than you.`}
      </p>
      <RequestButton
        application={p.application}
        toEnvironment={p.toEnvironment}
        imageTag={p.imageTag}
        disabledReason={disabledReason}
      />
      <RequestPreviewView p={p} />
      <RefreshWhilePending pending={Boolean(p.source.pending || p.metrics.pending || p.git.pending)} />
    </>
  );
}
