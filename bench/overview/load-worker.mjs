// Load generator, run in a worker thread so the clients do not share the server's event loop.
// mode "requests": `total` GETs from `clients` concurrent loops.
// mode "rounds": `rounds` times: POST /clear (cold cache), then `clients` concurrent GETs.
import { parentPort, workerData } from "node:worker_threads";

const { url, clearUrl, mode, total, clients, rounds } = workerData;

async function get(times) {
  const s = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${body.slice(0, 200)}`);
  times.push(performance.now() - s);
}

async function run() {
  const times = [];
  const t0 = performance.now();
  if (mode === "rounds") {
    for (let r = 0; r < rounds; r++) {
      await fetch(clearUrl, { method: "POST" }).then((x) => x.text());
      await Promise.all(Array.from({ length: clients }, () => get(times)));
    }
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < total) {
          next++;
          await get(times);
        }
      }),
    );
  }
  return { times, elapsedMs: performance.now() - t0 };
}

run().then(
  (r) => parentPort.postMessage(r),
  (err) => parentPort.postMessage({ error: String(err?.message ?? err) }),
);
