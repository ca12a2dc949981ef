"""The Grafana emulator through grafana-client (PyPI), with the service-account token from portal.env.
Data frames are compared with what Grafana 11/12's Prometheus data source (promlib, dataplane
contract) answers: value field named after __name__, no frame name, displayNameFromDS from the
legend or the series' labels, executedQueryString on the first frame with a Go duration step."""

from __future__ import annotations

import pytest
from conftest import wait_for
from grafana_client import GrafanaApi
from grafana_client.client import GrafanaClientError, GrafanaUnauthorizedError


@pytest.fixture(scope="module")
def grafana(world):
    return GrafanaApi.from_url(world["GRAFANA_URL"], credential=world["GRAFANA_TOKEN"])


@pytest.fixture(scope="module")
def ds_uid(world):
    return world["GRAFANA_DATASOURCE_UID"]


def test_connect_reads_build_info_from_frontend_settings(grafana):
    info = grafana.connect()
    assert info["version"].split(".")[0] in {"11", "12"}
    assert grafana.version.count(".") == 2 and "-" not in grafana.version
    settings = grafana.client.GET("/frontend/settings")
    assert settings["defaultDatasource"] == "Prometheus"
    assert settings["datasources"]["Prometheus"]["type"] == "prometheus"


def test_bad_token_is_unauthorized(world):
    api = GrafanaApi.from_url(world["GRAFANA_URL"], credential="glsa_wrong")
    with pytest.raises(GrafanaUnauthorizedError):
        api.search.search_dashboards()


def test_datasource_by_uid_name_and_list(grafana, ds_uid):
    ds = grafana.datasource.get_datasource_by_uid(ds_uid)
    assert ds["type"] == "prometheus" and ds["uid"] == ds_uid
    assert grafana.datasource.get_datasource_by_name(ds["name"])["uid"] == ds_uid
    assert [d["uid"] for d in grafana.datasource.list_datasources()] == [ds_uid]


def test_native_datasource_health(grafana, ds_uid):
    health = grafana.datasource.health(ds_uid)
    assert health == {"status": "OK", "message": "Successfully queried the Prometheus API."}
    inquiry = grafana.datasource.health_inquiry(ds_uid)
    assert inquiry.success is True and inquiry.status == "OK"


def test_health_of_an_unknown_datasource_is_404(grafana):
    with pytest.raises(GrafanaClientError) as e:
        grafana.datasource.health("no-such-uid")
    assert e.value.status_code == 404


def test_health_reports_a_prometheus_outage(grafana, ds_uid, control):
    control("PUT", "/faults/prometheus", json={"down": True})
    try:
        with pytest.raises(GrafanaClientError) as e:
            grafana.datasource.health(ds_uid)
        assert e.value.status_code == 400
        assert e.value.response["status"] == "ERROR"
        assert e.value.response["message"].startswith("There was an error returned querying the Prometheus API.")
    finally:
        control("DELETE", "/faults/prometheus")


def test_dashboard_search(grafana):
    hits = grafana.search.search_dashboards(query="", type_="dash-db")
    assert hits and all(h["type"] == "dash-db" and h["url"].startswith("/d/") for h in hits)


def _query(grafana, ds_uid, queries, frm="now-5m", to="now"):
    body = {
        "from": frm,
        "to": to,
        "queries": [{"datasource": {"type": "prometheus", "uid": ds_uid}, "maxDataPoints": 100, **q} for q in queries],
    }
    return grafana.client.POST("/ds/query", json=body)["results"]


def _frames_with_data(grafana, ds_uid, queries, **kw):
    def ready():
        results = _query(grafana, ds_uid, queries, **kw)
        return results if all(r["frames"] and r["frames"][0]["schema"]["fields"] for r in results.values()) else None

    return wait_for(ready, timeout=40, interval=1, what="Prometheus to have scraped the exporter")


def test_range_frames_follow_the_dataplane_contract(grafana, ds_uid):
    expr = 'http_requests_total{env="dev",code="2xx"}'
    results = _frames_with_data(grafana, ds_uid, [{"refId": "A", "expr": expr, "range": True, "intervalMs": 15000}])
    frames = results["A"]["frames"]
    assert results["A"]["status"] == 200
    first = frames[0]["schema"]
    assert first["meta"]["type"] == "timeseries-multi" and first["meta"]["typeVersion"] == [0, 1]
    assert first["meta"]["executedQueryString"] == f"Expr: {expr}\nStep: 15s"
    for frame in frames:
        schema = frame["schema"]
        assert "name" not in schema, "Grafana 11+ leaves the frame name empty (dataplane)"
        assert schema["refId"] == "A"
        time_field, value_field = schema["fields"]
        assert time_field["name"] == "Time" and time_field["config"] == {"interval": 15000}
        assert value_field["name"] == "http_requests_total"
        assert value_field["labels"]["__name__"] == "http_requests_total"
        labels = {k: v for k, v in value_field["labels"].items() if k != "__name__"}
        expected = "http_requests_total{" + ", ".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"
        assert value_field["config"]["displayNameFromDS"] == expected
        assert value_field["typeInfo"] == {"frame": "float64"}
    assert all("executedQueryString" not in f["schema"]["meta"] for f in frames[1:])


def test_legend_formats_name_the_series(grafana, ds_uid):
    expr = 'sum by (app) (http_requests_total{env="dev"})'
    results = _frames_with_data(
        grafana,
        ds_uid,
        [
            {"refId": "custom", "expr": expr, "range": True, "legendFormat": "{{app}} requests"},
            {"refId": "auto", "expr": expr, "range": True, "legendFormat": "__auto"},
            {"refId": "total", "expr": 'sum(http_requests_total{env="dev"})', "range": True},
        ],
    )
    custom = [f["schema"]["fields"][1] for f in results["custom"]["frames"]]
    assert {f["config"]["displayNameFromDS"] for f in custom} == {f"{f['labels']['app']} requests" for f in custom}
    assert all(f["name"] == "Value" for f in custom), "no __name__ after sum: the value field stays 'Value'"
    auto = [f["schema"]["fields"][1] for f in results["auto"]["frames"]]
    assert all("displayNameFromDS" not in f.get("config", {}) for f in auto)
    (total,) = [f["schema"]["fields"][1] for f in results["total"]["frames"]]
    assert total["config"]["displayNameFromDS"] == 'sum(http_requests_total{env="dev"})'


def test_step_is_a_go_duration(grafana, ds_uid):
    # An empty result still carries the executed query (promlib adds a frame for the metadata).
    results = _query(grafana, ds_uid, [{"refId": "A", "expr": "sum(http_requests_total)", "range": True, "intervalMs": 90000}], frm="now-1h")
    assert results["A"]["frames"][0]["schema"]["meta"]["executedQueryString"].endswith("\nStep: 1m30s")


def test_instant_query_is_numeric_multi(grafana, ds_uid):
    results = _frames_with_data(grafana, ds_uid, [{"refId": "A", "expr": "sum(http_requests_total)", "instant": True}])
    schema = results["A"]["frames"][0]["schema"]
    assert schema["meta"]["type"] == "numeric-multi"
    assert len(results["A"]["frames"][0]["data"]["values"][0]) == 1


def test_empty_result_keeps_one_frame_with_metadata(grafana, ds_uid):
    results = _query(grafana, ds_uid, [{"refId": "A", "expr": 'up{job="no-such-job"}', "range": True}])
    (frame,) = results["A"]["frames"]
    assert frame["schema"]["refId"] == "A" and frame["schema"]["meta"]["executedQueryString"].startswith("Expr: ")


def test_environments_have_their_own_error_ratio_and_latency(grafana, ds_uid):
    """Issue 15 item 14: not one 0.20 % / 246 ms everywhere; each under prod's verification thresholds."""
    ratio = 'sum by (env) (rate(http_requests_total{code="5xx"}[1m])) / sum by (env) (rate(http_requests_total[1m]))'
    p95 = "histogram_quantile(0.95, sum by (env, le) (rate(http_request_duration_seconds_bucket[1m])))"

    def per_env():
        results = _query(grafana, ds_uid, [{"refId": "ratio", "expr": ratio, "instant": True},
                                           {"refId": "p95", "expr": p95, "instant": True}])
        out = {}
        for ref, r in results.items():
            for f in r["frames"]:
                fields = f["schema"]["fields"]
                if fields and f["data"]["values"][1]:
                    out[(ref, fields[1]["labels"]["env"])] = f["data"]["values"][1][0]
        return out if len(out) == 6 else None

    values = wait_for(per_env, timeout=60, interval=2, what="rates over two scrapes")
    ratios = [values[("ratio", e)] for e in ("dev", "staging", "prod")]
    latencies = [values[("p95", e)] for e in ("dev", "staging", "prod")]
    assert len({round(r, 5) for r in ratios}) == 3 and len({round(p, 4) for p in latencies}) == 3
    assert all(0 < r < 0.02 for r in ratios), ratios
    assert all(0 < p < 0.8 for p in latencies), latencies
