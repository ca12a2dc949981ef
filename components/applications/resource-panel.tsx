"use client";
// The panel beside the resource tree: for the selected resource, live ↔ desired diff, both
// manifests, its events, and for a Pod its log (tail, or follow: asked again every 2 s with
// `since`, new lines appended). All from Argo CD's API through the portal's routes.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { Time } from "@/components/ui/time";
import type { LogLine, SyncResource } from "@/lib/integrations/argocd/api";
import { fetchJson } from "@/lib/query/fetch-json";
import type { ResourceView } from "@/lib/server/applications/resource-view";
import { EventsTable } from "./events-table";

type Tab = "diff" | "desired" | "live" | "events" | "logs";
const FOLLOW_MS = 2_000;
const TAIL = 100;

const base = (app: string, env: string) => `/api/applications/${encodeURIComponent(app)}/${encodeURIComponent(env)}`;

function PodLog({ app, env, pod }: { app: string; env: string; pod: string }) {
  const [follow, setFollow] = useState(false);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: string | null = null;
    let seen = new Set<string>();
    const read = async (first: boolean) => {
      try {
        const q = new URLSearchParams({ pod, tail: String(TAIL) });
        if (!first && last) q.set("since", last);
        const r = await fetchJson<{ lines: LogLine[] }>(`${base(app, env)}/logs?${q}`);
        if (stop) return;
        const fresh = r.lines.filter((l) => !seen.has(`${l.timeStamp}|${l.content}`));
        seen = new Set([...seen, ...fresh.map((l) => `${l.timeStamp}|${l.content}`)].slice(-5000));
        last = fresh.at(-1)?.timeStamp ?? last;
        setLines((prev) => (first ? fresh : [...prev, ...fresh].slice(-2000)));
        setError(null);
      } catch (err) {
        if (!stop) setError((err as Error).message);
      }
      if (!stop && follow) timer = setTimeout(() => void read(false), FOLLOW_MS);
    };
    void read(true);
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [app, env, pod, follow]);

  return (
    <div data-testid="pod-log">
      <div className="toolbar">
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <span className="muted small">
          last {TAIL} lines{follow ? `, new lines every ${FOLLOW_MS / 1000} s` : ""}
        </span>
      </div>
      {error ? <p className="bad-text small">Log unavailable: {error}</p> : null}
      {lines.length ? (
        <figure>
          <figcaption className="small muted">Log of {pod}</figcaption>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
          <pre className="log" tabIndex={0}>
            {lines.map((l) => `${l.timeStamp ?? ""} ${l.content}`).join("\n")}
          </pre>
        </figure>
      ) : error ? null : (
        <p className="muted">No log lines (a container that has not started has none).</p>
      )}
    </div>
  );
}

function Manifest({ text, label }: { text: string | null; label: string }) {
  if (text === null) return <p className="muted">No {label} manifest.</p>;
  return (
    <figure>
      <figcaption className="small muted">The {label} manifest</figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <pre className="manifest" tabIndex={0}>
        {text}
      </pre>
    </figure>
  );
}

export function ResourcePanel({ app, env, resource }: { app: string; env: string; resource: SyncResource }) {
  const [tab, setTab] = useState<Tab>("diff");
  const q = new URLSearchParams({ ...resource });
  const { data, error, isPending } = useQuery({
    queryKey: ["application-resource", app, env, resource],
    queryFn: ({ signal }) => fetchJson<ResourceView>(`${base(app, env)}/resource?${q}`, { signal }),
    staleTime: 2_000,
  });
  const isPod = resource.kind === "Pod";
  const tabs: [Tab, string][] = [
    ["diff", "Diff"],
    ["desired", "Desired"],
    ["live", "Live"],
    ["events", `Events${data ? ` (${data.events.length})` : ""}`],
    ...(isPod ? ([["logs", "Logs"]] as [Tab, string][]) : []),
  ];

  return (
    <section className="card resource-panel" aria-labelledby="resource-panel-h" data-testid="resource-panel">
      <h3 id="resource-panel-h">
        {resource.kind} <code>{resource.name}</code>
      </h3>
      <div className="toolbar">
        {tabs.map(([t, label]) => (
          <button key={t} type="button" aria-pressed={tab === t} onClick={() => setTab(t)}>
            {label}
          </button>
        ))}
      </div>
      {isPending ? <p className="muted">Asking Argo CD…</p> : null}
      {error ? <p className="bad-text">Could not read this resource: {error.message}</p> : null}
      {data && tab === "diff" ? (
        data.managed ? (
          <>
            <p className="small" data-testid="diff-summary">
              {data.modified
                ? `Live differs from git: ${data.diff.filter((l) => l.sign !== " ").length} lines (− live, + desired).`
                : "Live matches git."}
            </p>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
            <pre className="diff" tabIndex={0}>
              {data.diff.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their position
                <span key={i} className={l.sign === "+" ? "diff-add" : l.sign === "-" ? "diff-del" : undefined}>
                  {`${l.sign} ${l.text}\n`}
                </span>
              ))}
            </pre>
          </>
        ) : (
          <p className="muted">
            Not managed from git directly (a {resource.kind} is owned by another resource), so it has no desired state.
          </p>
        )
      ) : null}
      {data && tab === "desired" ? <Manifest text={data.desired} label="desired" /> : null}
      {data && tab === "live" ? <Manifest text={data.live} label="live" /> : null}
      {data && tab === "events" ? (
        data.events.length ? (
          <ScrollRegion label="Events of this resource">
            <EventsTable
              events={data.events}
              first="type"
              lastSeen={(iso) => <Time iso={iso} />}
              testId="resource-events"
            />
          </ScrollRegion>
        ) : (
          <p className="muted">No events for this resource.</p>
        )
      ) : null}
      {tab === "logs" && isPod ? <PodLog app={app} env={env} pod={resource.name} /> : null}
    </section>
  );
}
