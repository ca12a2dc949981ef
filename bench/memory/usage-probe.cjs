// Preloaded into the measured `next start` (NODE_OPTIONS=--require …, only when
// BENCH_MEMORY_DIR is set): on SIGUSR2 it writes the process's own view of its memory —
// process.memoryUsage() and V8's heap spaces, before and after a full GC — to
// $BENCH_MEMORY_DIR/<pid>.json, so the benchmark can say what holds the RSS it reads from /proc.
// A file, not an HTTP route: nothing is added to the portal itself.
const dir = process.env.BENCH_MEMORY_DIR;
if (dir) {
  const fs = require("node:fs");
  const path = require("node:path");
  const v8 = require("node:v8");
  v8.setFlagsFromString("--expose_gc");
  const gc = require("node:vm").runInNewContext("gc");
  const snapshot = () => ({
    ...process.memoryUsage(),
    spaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size])),
  });
  process.on("SIGUSR2", () => {
    const before = snapshot();
    gc();
    const after = snapshot();
    const file = path.join(dir, `${process.pid}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ at: new Date().toISOString(), before, after }));
    fs.renameSync(`${file}.tmp`, file);
  });
}
