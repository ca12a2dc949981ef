import { describe, expect, it } from "vitest";
import { SwrCache } from "./swr-cache";

function clock(start = Date.parse("2026-11-27T00:00:00Z")) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("SwrCache", () => {
  it("calls the upstream at most once per TTL however many readers, also concurrently", async () => {
    const c = clock();
    const cache = new SwrCache({ ttlMs: 5000, coldWaitMs: 1000, now: c.now });
    let calls = 0;
    const load = async () => ++calls;
    const reads = await Promise.all(Array.from({ length: 20 }, () => cache.read("k", load)));
    expect(calls).toBe(1);
    expect(reads.every((r) => r.value === 1 && r.state === "ok")).toBe(true);
    c.advance(4999);
    await cache.read("k", load);
    expect(calls).toBe(1);
    c.advance(1);
    const r = await cache.read("k", load);
    expect(r.value).toBe(1); // served stale-while-revalidate
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    expect((await cache.read("k", load)).value).toBe(2);
  });

  it("keeps the last good value as stale when a refresh fails, and recovers", async () => {
    const c = clock();
    const cache = new SwrCache({ ttlMs: 1000, coldWaitMs: 1000, now: c.now });
    let fail = false;
    const load = async () => {
      if (fail) throw new Error("argocd: HTTP 503");
      return "v";
    };
    await cache.read("k", load);
    const fetchedAt = new Date(c.now()).toISOString();
    fail = true;
    c.advance(1000);
    await cache.read("k", load);
    await new Promise((r) => setTimeout(r, 0));
    const stale = await cache.read("k", load);
    expect(stale).toMatchObject({ value: "v", state: "stale", since: fetchedAt, error: "argocd: HTTP 503" });
    fail = false;
    c.advance(1000);
    await cache.read("k", load);
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.read("k", load)).toMatchObject({ value: "v", state: "ok", error: null });
  });

  it("answers missing (since the first failure) when there has never been a value", async () => {
    const c = clock();
    const cache = new SwrCache({ ttlMs: 1000, coldWaitMs: 1000, now: c.now });
    const r = await cache.read("k", () => Promise.reject(new Error("connect ECONNREFUSED")));
    expect(r).toMatchObject({
      value: null,
      state: "missing",
      since: "2026-11-27T00:00:00.000Z",
      error: "connect ECONNREFUSED",
    });
  });

  it("with waitForRefresh, a read past the TTL answers the refreshed value, not the old one", async () => {
    const c = clock();
    const cache = new SwrCache({ ttlMs: 1000, coldWaitMs: 1000, now: c.now, waitForRefresh: true });
    let tag = "1.4.1";
    const load = async () => tag;
    expect((await cache.read("k", load)).value).toBe("1.4.1");
    tag = "1.4.2";
    expect((await cache.read("k", load)).value).toBe("1.4.1"); // within the TTL: no upstream call
    c.advance(1000);
    expect((await cache.read("k", load)).value).toBe("1.4.2");
  });

  it("with waitForRefresh, a hanging refresh still answers the old value after coldWaitMs", async () => {
    const cache = new SwrCache({ ttlMs: 0, coldWaitMs: 30, waitForRefresh: true });
    await cache.read("k", async () => "v");
    const t0 = Date.now();
    const r = await cache.read("k", () => new Promise<string>(() => {}));
    expect(Date.now() - t0).toBeLessThan(500);
    expect(r).toMatchObject({ value: "v", state: "ok" });
  });

  it("does not wait longer than coldWaitMs for a hanging upstream", async () => {
    const cache = new SwrCache({ ttlMs: 1000, coldWaitMs: 30 });
    const t0 = Date.now();
    const r = await cache.read("k", () => new Promise(() => {}));
    expect(Date.now() - t0).toBeLessThan(500);
    expect(r).toMatchObject({ state: "missing", error: "no answer yet" });
  });
});
