import { headers } from "next/headers";
import { RequestPicker } from "@/components/promotions/request-picker";
import { findApplication, getCatalog } from "@/lib/catalog";

// The request page for an application or environment the catalog does not have: a 404 inside the
// shell that names what was asked for and what exists, with the picker to choose again.
export default async function RequestNotFound() {
  const [h, catalog] = await Promise.all([headers(), getCatalog()]);
  const q = new URL(h.get("x-nura-path") ?? "/", "http://portal").searchParams;
  const app = q.get("app") ?? "";
  const to = q.get("to") ?? "";
  const message = !findApplication(catalog, app)
    ? `There is no application "${app}" in the catalog. Applications: ${catalog.applications.map((a) => a.name).join(", ")}.`
    : `There is no environment "${to}" to promote into. Environments: ${catalog.promotionPath.slice(1).join(", ")}.`;
  return (
    <>
      <h1>Request a promotion</h1>
      <RequestPicker catalog={catalog} app={app} to={to} />
      <p className="alert" role="alert" data-testid="not-found">
        {message}
      </p>
    </>
  );
}
