"use client";
// Subscribes to a run's Server-Sent Events: console text as it arrives, and the run (status, stages,
// lock) whenever it changes. EventSource reconnects on its own and resumes from the last byte
// offset (the event id), so a dropped connection neither loses nor repeats console text.
import { useEffect, useState } from "react";
import type { RunDto } from "@/lib/server/infra/types";
import { stripAnsi } from "./ansi";

export interface RunStream {
  run: RunDto;
  console: string;
  ended: boolean;
  upstreamError: string | null;
}

export function useRunStream(initial: RunDto, onEnd?: () => void): RunStream {
  const [state, setState] = useState<RunStream>({ run: initial, console: "", ended: false, upstreamError: null });
  // router.refresh() after an action (approve, apply) renders the page again with the newer run: take
  // it, or a finished run's page keeps showing the state its stream ended with ("not approved").
  useEffect(() => {
    setState((s) => ({ ...s, run: initial }));
  }, [initial]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one stream per run id
  useEffect(() => {
    const source = new EventSource(`/api/infra/runs/${initial.id}/console`);
    source.addEventListener("console", (e) => {
      const { text } = JSON.parse((e as MessageEvent).data) as { text: string };
      setState((s) => ({ ...s, console: s.console + stripAnsi(text), upstreamError: null }));
    });
    source.addEventListener("run", (e) => {
      const run = JSON.parse((e as MessageEvent).data) as RunDto;
      setState((s) => ({ ...s, run }));
    });
    source.addEventListener("upstream-error", (e) => {
      const { message } = JSON.parse((e as MessageEvent).data) as { message: string };
      setState((s) => ({ ...s, upstreamError: message }));
    });
    source.addEventListener("end", (e) => {
      const run = JSON.parse((e as MessageEvent).data) as RunDto;
      setState((s) => ({ ...s, run, ended: true }));
      source.close();
      onEnd?.();
    });
    return () => source.close();
  }, [initial.id]);
  return state;
}
