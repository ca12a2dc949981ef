// Dashboards the Grafana emulator knows: every dashboard JSON under infra/monitoring (when the
// infrastructure tree provides them) plus the uids the catalog links to, so deep links resolve.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Catalog } from "@/lib/catalog";

export interface Dashboard {
  id: number;
  uid: string;
  title: string;
  tags: string[];
  slug: string;
  folderTitle?: string;
}

export const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

function findJson(dir: string, depth = 0): string[] {
  if (!existsSync(dir) || depth > 5) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...findJson(p, depth + 1));
    else if (e.endsWith(".json")) out.push(p);
  }
  return out;
}

export function loadDashboards(sourceRoot: string, catalog: Catalog): Dashboard[] {
  const found = new Map<string, Dashboard>();
  for (const file of findJson(join(sourceRoot, "infra", "monitoring"))) {
    try {
      const j = JSON.parse(readFileSync(file, "utf8")) as {
        uid?: unknown;
        title?: unknown;
        tags?: unknown;
        dashboard?: { uid?: unknown; title?: unknown; tags?: unknown };
      };
      const d = j.dashboard ?? j;
      if (typeof d.uid === "string" && typeof d.title === "string") {
        found.set(d.uid, {
          id: 0,
          uid: d.uid,
          title: d.title,
          tags: Array.isArray(d.tags) ? d.tags.map(String) : [],
          slug: slugify(d.title),
          folderTitle: "Nura",
        });
      }
    } catch {
      // not a dashboard (or not JSON): ignore
    }
  }
  for (const env of catalog.environments) {
    if (!found.has(env.grafanaDashboardUid)) {
      found.set(env.grafanaDashboardUid, {
        id: 0,
        uid: env.grafanaDashboardUid,
        title: "Nura overview",
        tags: ["nura", "sandbox"],
        slug: "nura-overview",
        folderTitle: "Nura",
      });
    }
  }
  if (!found.has("nura-application")) {
    found.set("nura-application", {
      id: 0,
      uid: "nura-application",
      title: "Nura application",
      tags: ["nura", "sandbox"],
      slug: "nura-application",
      folderTitle: "Nura",
    });
  }
  return [...found.values()].map((d, i) => ({ ...d, id: i + 1 }));
}
