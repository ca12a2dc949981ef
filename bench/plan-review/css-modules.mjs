// Node module hooks for the benchmark: a `*.module.css` import becomes an object whose every class
// name is itself (as Next's CSS modules give a hashed name), so the real components render outside Next.
// Registered by bench/plan-review/run.ts (module.register).
export async function load(url, context, nextLoad) {
  if (url.endsWith(".module.css")) {
    return {
      format: "module",
      shortCircuit: true,
      source: "export default new Proxy({}, { get: (_, name) => String(name) });",
    };
  }
  return nextLoad(url, context);
}
