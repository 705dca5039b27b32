"""`checker serve` (issue 18): the API against the real application, in-process and over a real uvicorn."""

from __future__ import annotations

import json
import time

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from checker.config import Config  # noqa: E402
from checker.service import ServiceSettings, create_app  # noqa: E402
from tests.conftest import SEED  # noqa: E402

ARTICLE = "The forces of kyiv held the line. We can read in the letter that they resisted."


@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient

    settings = ServiceSettings(Config(retranslate=False), max_body_bytes=20_000, timeout_seconds=60)
    with TestClient(create_app(settings)) as client:
        deadline = time.monotonic() + 60
        while client.get("/v1/ready").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        yield client


def one_line_error(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and "\n" not in body["error"] and "Traceback" not in body["error"]
    return body["error"]


def test_a_check_returns_the_json_report_of_the_command_line(client, run_cli, tmp_path):
    response = client.post("/v1/check", json={"text": ARTICLE, "filename": "a.txt"})
    assert response.status_code == 200
    served = response.json()
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    local = json.loads(run_cli("check", article, "--no-retranslate", "--isolated", "--format", "json").stdout)
    assert served["schema_version"] == local["schema_version"]
    assert [(f["code"], f["start"], f["end"], f["fingerprint"]) for f in served["articles"][0]["findings"]] == [
        (f["code"], f["start"], f["end"], f["fingerprint"]) for f in local["articles"][0]["findings"]
    ]
    from checker.validation import loads_strict

    assert loads_strict(response.text)["summary"]["findings"] == 2


def test_options_select_rules_and_formats_render_the_other_reports(client):
    only = client.post("/v1/check", json={"text": ARTICLE, "options": {"select": ["GARB014"]}}).json()
    assert [f["code"] for f in only["articles"][0]["findings"]] == ["GARB014"]
    html = client.post("/v1/check", json={"text": ARTICLE}, headers={"Accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html") and "<mark" in html.text
    markdown = client.post("/v1/check?format=markdown", json={"text": ARTICLE})
    assert markdown.status_code == 200 and "<strong>kyiv</strong>" in markdown.text
    sarif = client.post("/v1/check?format=sarif", json={"text": ARTICLE}).json()
    assert sarif["version"] == "2.1.0"


@pytest.mark.parametrize(
    "send, status, says",
    [
        (dict(json={"text": "   "}), 400, "text is empty"),
        (dict(content=b"\xff\xfe\x00garbage", headers={"Content-Type": "application/json"}), 400, "not UTF-8"),
        (dict(content=b'{"text": ', headers={"Content-Type": "application/json"}), 400, "not valid JSON"),
        (dict(content=b"text=hello", headers={"Content-Type": "application/x-www-form-urlencoded"}), 415, "JSON"),
        (dict(json={"text": "x" * 30_000}), 413, "over the limit"),
        (dict(json={"text": ARTICLE, "options": {"colour": "red"}}), 422, "unknown field 'options.colour'"),
        (dict(json={"text": ARTICLE, "options": {"select": ["NOPE"]}}), 400, "'NOPE'"),
        (dict(json={"text": ARTICLE, "options": {"min_confidence": 2}}), 422, "min_confidence"),
        (dict(json={"txt": ARTICLE}), 422, "unknown field 'txt'"),
    ],
)
def test_bad_requests_get_their_status_and_one_line(client, send, status, says):
    assert says in one_line_error(client.post("/v1/check", **send), status)


def test_health_ready_rules_engines_and_metrics(client):
    assert client.get("/v1/health").json()["status"] == "ok"
    assert client.get("/v1/ready").json() == {"status": "ready"}
    codes = [r["code"] for r in client.get("/v1/rules").json()]
    assert "GARB002" in codes and "BIL011" in codes
    assert {"bergamot", "bergamot-torch"} <= {e["name"] for e in client.get("/v1/engines").json()}
    first = client.post("/v1/check", json={"text": ARTICLE + " Again."}).json()
    again = client.post("/v1/check", json={"text": ARTICLE + " Again."}).json()
    assert again == first  # the same request, the same report: from memory the second time
    metrics = client.get("/metrics").text
    assert 'checker_requests_total{path="/v1/check",status="200"}' in metrics
    assert 'checker_answers_total{from="memory"}' in metrics
    assert "checker_request_seconds_bucket" in metrics
    assert client.get("/openapi.json").json()["info"]["title"] == "checker"
    page = client.get("/")
    assert page.status_code == 200 and "connect-src 'self'" in page.headers["content-security-policy"]


def test_a_token_is_required_when_configured():
    from fastapi.testclient import TestClient

    with TestClient(create_app(ServiceSettings(Config(retranslate=False), token="s3cret"))) as guarded:
        assert "bearer token" in one_line_error(guarded.post("/v1/check", json={"text": ARTICLE}), 401)
        assert guarded.get("/v1/rules", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert guarded.get("/v1/rules", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert guarded.get("/v1/health").status_code == 200  # liveness stays open


def test_checker_serve_refuses_a_public_address_without_a_token(run_cli):
    result = run_cli("serve", "--host", "0.0.0.0")
    assert result.exit_code == 2 and "--token" in result.stderr


def test_a_real_uvicorn_on_loopback_serves_the_seed(tmp_path):
    import httpx

    from tests.support.served import serving

    with serving(tmp_path, capture=True) as (base, server):
        response = httpx.post(f"{base}/v1/check", json={"text": SEED.read_text(encoding="utf-8")}, timeout=120)
        assert response.status_code == 200
        report = response.json()
        assert report["signature"]["engine"].startswith("bergamot:")
        assert "GARB001" in {f["code"] for f in report["articles"][0]["findings"]}
    output = server.stdout.read().decode()
    # SIGTERM: a graceful stop (uvicorn finishes, then exits by the signal it caught).
    assert server.returncode in (0, -15) and "Application shutdown complete" in output, output
    logged = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    check_line = next(entry for entry in logged if entry["path"] == "/v1/check")  # the JSON access log
    assert check_line["status"] == 200 and check_line["findings"] > 0 and check_line["bytes"] > 1000


class _SlowChecker:
    """Stands in for a Checker whose check takes `seconds` (the limits are what is tested)."""

    header = {"schema_version": "test"}

    def __init__(self, seconds: float):
        self.seconds = seconds

    def check_text(self, text, source=None, path=None):
        time.sleep(self.seconds)
        return {"findings": [], "retranslation": None}


def test_past_the_time_limit_504_and_beyond_the_queue_503(monkeypatch):
    import threading

    from fastapi.testclient import TestClient

    from checker import service

    monkeypatch.setattr(service.Checkers, "get", lambda self, options: _SlowChecker(1.5))
    settings = ServiceSettings(Config(retranslate=False), timeout_seconds=0.3, concurrency=1, queue=1)
    with TestClient(create_app(settings)) as slow:
        assert "longer than 0.3 s" in one_line_error(slow.post("/v1/check", json={"text": "one"}), 504)
        # One check running and one waiting fill the queue: the next are told to come back.
        answers = []
        threads = [
            threading.Thread(target=lambda n=n: answers.append(slow.post("/v1/check", json={"text": f"article {n}"})))
            for n in range(4)
        ]
        for thread in threads:
            thread.start()
            time.sleep(0.05)
        for thread in threads:
            thread.join()
        busy = [a for a in answers if a.status_code == 503]
        assert busy and all(a.headers["retry-after"] == "10" and "busy" in one_line_error(a, 503) for a in busy)
