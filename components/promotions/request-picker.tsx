// The request page's "what to promote" form: an application and a target environment (GET).
import type { Catalog } from "@/lib/catalog";

export function RequestPicker({ catalog, app, to }: { catalog: Catalog; app: string; to: string }) {
  return (
    <form method="get" action="/promotions/new" className="toolbar" aria-label="Choose what to promote">
      <label htmlFor="n-app">Application</label>
      <select id="n-app" name="app" defaultValue={app}>
        {catalog.applications.map((a) => (
          <option key={a.name} value={a.name}>
            {a.name}
          </option>
        ))}
      </select>
      <label htmlFor="n-to">To</label>
      <select id="n-to" name="to" defaultValue={to}>
        {catalog.promotionPath.slice(1).map((e) => (
          <option key={e} value={e}>
            {e}
          </option>
        ))}
      </select>
      <button type="submit">Show</button>
    </form>
  );
}
