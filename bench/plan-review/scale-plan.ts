// A large plan made from real ones: the resource changes of the committed fixtures (creates of the
// initial plan, updates/replacements of the change plan, deletes of the destroy plan), copied into
// module instances `module.copy["<n>"]` until the plan holds `target` changes. Every copy keeps its
// real attribute values, masks and replace paths, so summarising and rendering do the real work.
type Json = Record<string, unknown> & { resource_changes?: Record<string, unknown>[] };

export function scalePlan(sources: Json[], target: number): Json {
  const pool = sources.flatMap((p) =>
    (p.resource_changes ?? []).filter((rc) => {
      const actions = (rc.change as { actions: string[] }).actions;
      return !(actions.length === 1 && (actions[0] === "no-op" || actions[0] === "read"));
    }),
  );
  if (pool.length === 0) throw new Error("no resource changes in the source plans");
  const resource_changes: Record<string, unknown>[] = [];
  for (let i = 0; resource_changes.length < target; i++) {
    const rc = pool[i % pool.length] as Record<string, unknown>;
    const copy = `module.copy["${Math.floor(i / pool.length)}"]`;
    const moduleAddress = rc.module_address ? `${copy}.${rc.module_address}` : copy;
    resource_changes.push({ ...rc, address: `${copy}.${rc.address}`, module_address: moduleAddress });
  }
  const [first] = sources;
  return { ...first, resource_changes, resource_drift: [], output_changes: first?.output_changes ?? {} };
}
