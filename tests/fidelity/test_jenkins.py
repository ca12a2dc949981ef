"""The Jenkins emulator through python-jenkins and jenkinsapi (PyPI), with the API token from
portal.env, on the suite's own jobs (jenkins-jobs.yaml: quick, slow, locked)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import jenkins
import pytest
import requests
from conftest import wait_for
from jenkinsapi.jenkins import Jenkins as JenkinsApi


@pytest.fixture(scope="module")
def pj(world):
    return jenkins.Jenkins(world["JENKINS_URL"], username=world["JENKINS_USER"], password=world["JENKINS_TOKEN"])


@pytest.fixture(scope="module")
def http(world):
    s = requests.Session()
    s.auth = (world["JENKINS_USER"], world["JENKINS_TOKEN"])
    base = world["JENKINS_URL"].rstrip("/")

    def call(method, path, **kw):
        return s.request(method, f"{base}/{path.lstrip('/')}", timeout=10, **kw)

    return call


def _run(pj, job, params):
    """Triggers a build, waits until it left the queue; returns its number."""
    queue_id = pj.build_job(job, params)
    item = wait_for(
        lambda: (lambda q: q if q.get("executable") else None)(pj.get_queue_item(queue_id)),
        what=f"{job} to leave the queue",
    )
    return item["executable"]["number"]


def _finished(pj, job, number):
    return wait_for(
        lambda: (lambda b: b if b["result"] else None)(pj.get_build_info(job, number)),
        timeout=30,
        what=f"{job} #{number} to finish",
    )


def test_version_whoami_and_jobs(pj, world):
    # whoami first: python-jenkins resolves its credentials on the first authenticated call, and an
    # anonymous GET / is 403 in a Jenkins without anonymous read (as here).
    assert pj.get_whoami()["id"] == world["JENKINS_USER"]
    assert pj.get_version() == "2.528.1"
    names = {j["name"] for j in pj.get_jobs()}
    assert {"fidelity-quick", "fidelity-slow", "fidelity-locked"} <= names
    assert pj.job_exists("fidelity-quick") and not pj.job_exists("no-such-job")


def test_bad_token_is_refused(world):
    bad = jenkins.Jenkins(world["JENKINS_URL"], username=world["JENKINS_USER"], password="wrong")
    with pytest.raises(jenkins.JenkinsException):
        bad.get_whoami()


def test_a_build_runs_its_stages_and_archives(pj):
    number = _run(pj, "fidelity-quick", {"ENVIRONMENT": "staging", "NOTE": "via python-jenkins"})
    build = _finished(pj, "fidelity-quick", number)
    assert build["result"] == "SUCCESS" and build["building"] is False
    params = next(a for a in build["actions"] if a.get("_class") == "hudson.model.ParametersAction")["parameters"]
    assert {p["name"]: p["value"] for p in params}["ENVIRONMENT"] == "staging"
    assert "preparing staging (via python-jenkins)" in pj.get_build_console_output("fidelity-quick", number)
    stages = pj.get_build_stages("fidelity-quick", number)
    assert [(s["name"], s["status"]) for s in stages["stages"]] == [("Prepare", "SUCCESS"), ("Report", "SUCCESS")]
    assert [a["relativePath"] for a in build["artifacts"]] == ["artifacts/report.json"]
    assert b'"env":"staging"' in pj.get_build_artifact_as_bytes("fidelity-quick", number, "artifacts/report.json")


def test_permalinks_next_build_and_queue_item(pj, http):
    first = _run(pj, "fidelity-quick", {"ENVIRONMENT": "dev"})
    _finished(pj, "fidelity-quick", first)
    second = _run(pj, "fidelity-quick", {"ENVIRONMENT": "prod"})
    _finished(pj, "fidelity-quick", second)
    info = pj.get_job_info("fidelity-quick")
    assert info["lastBuild"]["number"] == second and info["lastSuccessfulBuild"]["number"] == second
    assert info["lastCompletedBuild"]["number"] == second and info["nextBuildNumber"] == second + 1
    assert info["lastFailedBuild"] is None and info["queueItem"] is None
    for link in ("lastBuild", "lastSuccessfulBuild", "lastStableBuild", "lastCompletedBuild"):
        assert http("GET", f"job/fidelity-quick/{link}/api/json").json()["number"] == second
    assert http("GET", "job/fidelity-quick/lastFailedBuild/api/json").status_code == 404
    assert pj.get_build_info("fidelity-quick", first)["nextBuild"]["number"] == second
    assert pj.get_build_info("fidelity-quick", second)["nextBuild"] is None


def test_delay_keeps_the_item_in_the_quiet_period(pj, http):
    r = http("POST", "job/fidelity-quick/buildWithParameters", params={"ENVIRONMENT": "dev", "delay": "3sec"})
    assert r.status_code == 201
    queue_id = int(r.headers["location"].rstrip("/").split("/")[-1])
    item = pj.get_queue_item(queue_id)
    assert item["_class"] == "hudson.model.Queue$WaitingItem" and "executable" not in item
    assert pj.get_job_info("fidelity-quick")["queueItem"]["id"] == queue_id
    left = wait_for(lambda: (lambda q: q if q.get("executable") else None)(pj.get_queue_item(queue_id)), timeout=15)
    assert left["_class"] == "hudson.model.Queue$LeftItem"
    _finished(pj, "fidelity-quick", left["executable"]["number"])


def test_a_running_build_shows_only_reached_stages_and_stops(pj, http):
    number = _run(pj, "fidelity-slow", {"SECONDS_TO_SLEEP": "60"})
    stages = wait_for(
        lambda: (lambda s: s if len(s) == 2 and s[1]["status"] == "IN_PROGRESS" else None)(
            pj.get_build_stages("fidelity-slow", number)["stages"]
        ),
        what="the Sleep stage to start",
    )
    assert [s["name"] for s in stages] == ["Start", "Sleep"], "Finish is not reached yet: wfapi must not list it"
    assert pj.get_build_info("fidelity-slow", number)["building"] is True
    pj.stop_build("fidelity-slow", number)  # follows the redirect to the build page, which must answer
    assert _finished(pj, "fidelity-slow", number)["result"] == "ABORTED"
    assert http("GET", f"job/fidelity-slow/{number}/").status_code == 200


def test_a_second_build_of_a_locked_job_is_a_blocked_item(pj):
    first = _run(pj, "fidelity-locked", {"ENVIRONMENT": "dev", "SECONDS_TO_SLEEP": "30"})
    queue_id = pj.build_job("fidelity-locked", {"ENVIRONMENT": "staging", "SECONDS_TO_SLEEP": "1"})
    item = wait_for(
        lambda: (lambda q: q if q["_class"].endswith("BlockedItem") else None)(pj.get_queue_item(queue_id)),
        what="the second build to be blocked",
    )
    assert item["blocked"] is True and item["buildable"] is False
    assert item["why"].startswith(f"Build #{first} is already in progress")
    pj.cancel_queue(queue_id)
    pj.stop_build("fidelity-locked", first)
    assert _finished(pj, "fidelity-locked", first)["result"] == "ABORTED"


def test_xml_flavor_of_the_remote_api(http):
    root = ET.fromstring(http("GET", "api/xml").content)
    assert root.tag == "hudson" and root.get("_class") == "hudson.model.Hudson"
    assert "fidelity-quick" in {j.findtext("name") for j in root.findall("job")}
    job = ET.fromstring(http("GET", "job/fidelity-quick/api/xml").content)
    assert job.tag == "workflowJob" and job.findtext("name") == "fidelity-quick"
    assert job.find("build/number") is not None


def test_jenkinsapi_connects_and_builds(world):
    server = JenkinsApi(world["JENKINS_URL"], username=world["JENKINS_USER"], password=world["JENKINS_TOKEN"])
    assert server.version == "2.528.1"
    assert server.has_job("fidelity-quick")
    job = server.get_job("fidelity-quick")
    queue_item = job.invoke(build_params={"ENVIRONMENT": "prod", "NOTE": "via jenkinsapi"})
    queue_item.block_until_complete(delay=0.5)
    build = queue_item.get_build()
    assert build.get_status() == "SUCCESS"
    assert "preparing prod (via jenkinsapi)" in build.get_console()
    assert build.get_params()["ENVIRONMENT"] == "prod"
    assert "artifacts/report.json" in build.get_artifact_dict()
    assert job.get_last_buildnumber() == build.get_number()
