import { describe, expect, it } from "vitest";
import { metrics, startHttpTimer } from "./metrics";

// The portal's side of the metric contract the SLO rules and dashboards rely on
// (infra/monitoring/rules/nura-slo.yaml; tests/infra/test_metrics_contract.py checks the queries' side).
describe("portal HTTP metrics", () => {
  it("exports http_requests_total and the http_request_duration_seconds histogram with a code label", async () => {
    const seconds = startHttpTimer("/api/contract-probe", "POST")(503);
    expect(seconds).toBeGreaterThanOrEqual(0);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^# TYPE http_requests_total counter$/m);
    expect(text).toMatch(/^http_requests_total\{route="\/api\/contract-probe",method="POST",code="503"\} 1$/m);
    expect(text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="\+Inf",route="\/api\/contract-probe",method="POST",code="503"\} 1$/m,
    );
    expect(text).not.toMatch(/^nura_portal_http_request_duration_seconds/m);
  });
});
