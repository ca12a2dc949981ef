// Service tokens on real PostgreSQL: an admin creates one (the secret once, its sha256 stored),
// it authenticates as "ci" scoped to its environments, it is refused once revoked; each change is
// one audit event; non-admins are refused.
import { afterAll, describe, expect, it } from "vitest";
import { serviceTokenMay } from "@/lib/server/service-tokens/policy";
import { hashToken } from "@/lib/server/service-tokens/token";
import { openDb } from "../audit/support";
import { asUser, person } from "./support";

const db = openDb(5);
afterAll(() => db.$disconnect());

describe("service tokens", () => {
  it("are created and revoked by admins only, stored hashed, and authenticate until revoked", async () => {
    const { authenticateServiceToken, createServiceToken, revokeServiceToken } = await import(
      "@/lib/server/service-tokens"
    );
    const admin = person("Root", [{ role: "admin", environment: null }]);
    const dev = person("Dev", [{ role: "developer", environment: null }]);
    const caller = (p: typeof admin) => {
      const u = asUser(p);
      return { principal: p, actor: u.actor, correlationId: u.correlationId };
    };
    const envs = ["dev", "staging", "prod"];
    await expect(createServiceToken(db, caller(dev), { name: "jenkins" }, envs)).rejects.toMatchObject({ status: 403 });
    await expect(
      createServiceToken(db, caller(admin), { name: "jenkins", environments: ["mars"] }, envs),
    ).rejects.toMatchObject({ status: 404 });
    const created = await createServiceToken(db, caller(admin), { name: "jenkins", environments: ["staging"] }, envs);
    // Counted by target, not globally: other suites append to the same chain at the same time.
    const tokenEvents = async () =>
      (
        await db.auditEvent.findMany({
          where: { targetType: "config", targetId: `service-token:${created.id}` },
          orderBy: { seq: "asc" },
          select: { action: true, outcome: true, actorEmail: true },
        })
      ).map((e) => [e.action, e.outcome, e.actorEmail]);
    expect(await tokenEvents()).toEqual([["config.service_token_created", "success", admin.email]]);
    const row = await db.serviceToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    await expect(createServiceToken(db, caller(admin), { name: "jenkins" }, envs)).rejects.toMatchObject({
      status: 409,
    });

    const ci = await authenticateServiceToken(db, `Bearer ${created.token}`);
    expect(ci).toMatchObject({ name: "jenkins", role: "ci", environments: ["staging"] });
    expect(serviceTokenMay(ci!, "promotion.request", "staging")).toBe(true);
    expect(serviceTokenMay(ci!, "promotion.request", "prod")).toBe(false);
    expect(serviceTokenMay(ci!, "promotion.approve", "staging")).toBe(false);
    expect(await authenticateServiceToken(db, null)).toBeNull();
    await expect(authenticateServiceToken(db, `Bearer nura_ci_${"x".repeat(43)}`)).rejects.toMatchObject({
      status: 401,
    });
    await expect(authenticateServiceToken(db, "Basic abc")).rejects.toMatchObject({ status: 401 });

    await expect(revokeServiceToken(db, caller(dev), created.id)).rejects.toMatchObject({ status: 403 });
    await revokeServiceToken(db, caller(admin), created.id);
    expect(await tokenEvents()).toEqual([
      ["config.service_token_created", "success", admin.email],
      ["config.service_token_revoked", "success", admin.email],
    ]);
    await expect(authenticateServiceToken(db, `Bearer ${created.token}`)).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining("revoked"),
    });
    await expect(revokeServiceToken(db, caller(admin), created.id)).rejects.toMatchObject({ status: 409 });
  });
});
