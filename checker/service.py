"""`checker serve`: a warm HTTP service over the same Checker the command line uses.

The application holds one Checker per set of request options (engine, rules, thresholds), built
from the service's configuration and kept warm: spaCy, the detectors, the engine, the fusion
model and the translation cache are loaded once, at start-up for the default options. Requests
are checked one at a time per service by default (the engine already uses every core), with a
bounded queue behind; a request that cannot queue gets 503 with Retry-After, one that runs past
the time limit 504, a body over the limit 413. Every error is JSON `{"error": "..."}` in one line,
never a traceback. The request's text is written nowhere but the translation cache.

API, versioned under /v1 (OpenAPI at /openapi.json, docs/serve.md):
- POST /v1/check `{"text", "source"?, "filename"?, "options"?}` -> the JSON report (as
  `checker check --format json`); `?format=html|markdown|sarif` or `Accept: text/html` for the others;
- GET /v1/health (liveness), /v1/ready (the default Checker loaded), /v1/rules, /v1/engines;
- GET /metrics (Prometheus text format) and / (a page where an editor checks an article).
"""

import asyncio
import hashlib
import hmac
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from checker import __version__
from checker.config import Config
from checker.errors import CheckerError

MAX_BODY_BYTES = 2_000_000
DEFAULT_TIMEOUT_SECONDS = 120.0
DEFAULT_CONCURRENCY = 1
DEFAULT_QUEUE = 16
REMEMBERED_ANSWERS = 256
FORMATS = ("json", "html", "markdown", "sarif")
access_log = logging.getLogger("checker.access")


@dataclass(frozen=True)
class ServiceSettings:
    config: Config = field(default_factory=Config)
    max_body_bytes: int = MAX_BODY_BYTES
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    concurrency: int = DEFAULT_CONCURRENCY
    queue: int = DEFAULT_QUEUE
    token: str | None = None
    cors_origins: tuple[str, ...] = ()


class ServiceError(Exception):
    """An HTTP error with its status and one-line message (and headers, e.g. Retry-After)."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, dict(headers or {})


class Checkers:
    """The warm Checkers of a service, one per set of request options, built on first need."""

    def __init__(self, config: Config):
        self.config = config
        self._built: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, options: Mapping[str, Any]):
        from checker.api import Checker, _with_engine

        key = json.dumps(options, sort_keys=True)
        with self._lock:
            if key not in self._built:
                given = dict(options)
                engine = given.pop("engine", None)
                self._built[key] = Checker(_with_engine(self.config, engine, given, origin="request"))
            return self._built[key]


def create_app(settings: ServiceSettings | None = None):
    """The ASGI application (FastAPI) for `settings`."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
    from pydantic import BaseModel, ConfigDict, Field

    settings = settings or ServiceSettings()
    checkers = Checkers(settings.config)
    registry = CollectorRegistry()
    requests_total = Counter("checker_requests_total", "HTTP requests", ["path", "status"], registry=registry)
    latency = Histogram(
        "checker_request_seconds",
        "Request duration",
        ["path"],
        registry=registry,
        buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
    )
    translations = Counter(
        "checker_translations_total", "Sentence translations, by where they came from", ["source"], registry=registry
    )
    state: dict[str, Any] = {"ready": False, "waiting": 0, "error": None}
    # The same request gets the same report (checking is deterministic): the last ones are kept,
    # so a publishing system saving an article twice, or an editor re-opening it, waits for nothing.
    answers: OrderedDict[str, tuple[dict, dict]] = OrderedDict()
    answered = Counter(
        "checker_answers_total", "Checks, by whether the report was already known", ["from"], registry=registry
    )
    slots = asyncio.Semaphore(settings.concurrency)

    class CheckOptions(BaseModel):
        model_config = ConfigDict(extra="forbid")
        engine: str | None = None
        select: list[str] | None = None
        ignore: list[str] | None = None
        severity: dict[str, str] | None = None
        min_confidence: float | None = Field(default=None, ge=0.0, le=1.0)
        fail_on: str | None = None

    class CheckRequest(BaseModel):
        model_config = ConfigDict(extra="forbid")
        text: str
        source: str | None = None
        filename: str | None = None
        options: CheckOptions | None = None

    async def lifespan(app):
        def load() -> None:
            try:
                checkers.get({})
                state["ready"] = True
            except CheckerError as exc:  # said by /v1/ready, and in the log
                state["error"] = str(exc)
                access_log.error(json.dumps({"event": "not ready", "error": str(exc)}))

        loading = asyncio.get_running_loop().run_in_executor(None, load)
        yield
        await asyncio.wait([loading], timeout=0)

    app = FastAPI(
        title="checker",
        version=__version__,
        lifespan=lifespan,
        description="Flag garbled spans in machine-translated English articles (docs/serve.md).",
    )
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
        return JSONResponse({"error": " ".join(message.split())}, status_code=status, headers=dict(headers or {}))

    open_paths = {"/v1/health", "/v1/ready", "/", "/favicon.ico"}

    @app.middleware("http")
    async def guard(request: Request, call_next):
        started = time.perf_counter()
        path = request.url.path
        try:
            if settings.token and path not in open_paths:
                given = request.headers.get("authorization", "")
                if not hmac.compare_digest(given.encode(), f"Bearer {settings.token}".encode()):
                    raise ServiceError(
                        401, "a bearer token is required (Authorization: Bearer TOKEN)", {"WWW-Authenticate": "Bearer"}
                    )
            length = request.headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > settings.max_body_bytes):
                raise ServiceError(413, f"the request body is over the limit of {settings.max_body_bytes} bytes")
            response = await call_next(request)
        except ServiceError as exc:
            response = error(exc.status, exc.message, exc.headers)
        except Exception as exc:  # a bug in checker: one line, never a traceback
            access_log.exception("internal error")
            response = error(500, f"internal error: {type(exc).__name__}")
        seconds = time.perf_counter() - started
        route = path if path in _KNOWN_PATHS else "other"
        requests_total.labels(route, str(response.status_code)).inc()
        latency.labels(route).observe(seconds)
        access_log.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "bytes": int(request.headers.get("content-length") or 0),
                    "findings": getattr(request.state, "findings", None),
                }
            )
        )
        return response

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError):
        return error(exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = sorted(exc.errors(), key=lambda p: p.get("type") != "extra_forbidden")  # a misspelt field first
        first = problems[0] if problems else {}
        if first.get("type") == "json_invalid":
            return error(400, "the body is not valid JSON")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        if first.get("type") == "extra_forbidden":
            return error(422, f"unknown field '{where}'")
        return error(422, f"{where or 'body'}: {first.get('msg', 'invalid')}")

    @app.get("/v1/health")
    async def health():
        return {"status": "ok", "version": __version__}

    @app.get("/v1/ready")
    async def ready():
        if state["ready"]:
            return {"status": "ready"}
        return error(503, state["error"] or "loading the models", {"Retry-After": "5"})

    @app.get("/v1/rules")
    async def rules():
        from checker.report.ci import rules as catalogue

        return catalogue()

    @app.get("/v1/engines")
    async def engines():
        from checker.engines import engine_statuses

        return [{"name": s.name, "available": s.available, "detail": s.detail} for s in engine_statuses()]

    @app.get("/metrics")
    async def metrics():
        return PlainTextResponse(generate_latest(registry).decode("utf-8"), media_type="text/plain; version=0.0.4")

    @app.get("/", response_class=HTMLResponse)
    async def page():
        from importlib import resources

        html = resources.files("checker.report").joinpath("templates/serve.html").read_text(encoding="utf-8")
        return HTMLResponse(html, headers={"Content-Security-Policy": _PAGE_POLICY})

    @app.post("/v1/check")
    async def check(request: Request, format: str | None = None):
        if not request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/json":
            raise ServiceError(415, "send the article as JSON (Content-Type: application/json)")
        body = await request.body()
        if len(body) > settings.max_body_bytes:
            raise ServiceError(413, f"the request body is over the limit of {settings.max_body_bytes} bytes")
        try:
            payload = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError:
            raise ServiceError(400, "the body is not UTF-8") from None
        except ValueError:
            raise ServiceError(400, "the body is not valid JSON") from None
        from pydantic import ValidationError

        try:
            job = CheckRequest.model_validate(payload)
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from None
        if not job.text.strip():
            raise ServiceError(400, "text is empty: nothing to check")
        chosen = format or ("html" if "text/html" in request.headers.get("accept", "") else "json")
        if chosen not in FORMATS:
            raise ServiceError(400, f"format '{chosen}' is not one of {', '.join(FORMATS)}")
        options = job.options.model_dump(exclude_none=True) if job.options else {}
        if settings.queue and state["waiting"] >= settings.queue + settings.concurrency:
            raise ServiceError(503, "the service is busy: try again shortly", {"Retry-After": "10"})
        key = hashlib.sha256(
            json.dumps([job.text, job.source, job.filename, options], sort_keys=True).encode()
        ).hexdigest()
        if key in answers:
            answers.move_to_end(key)
            record, header = answers[key]
            answered.labels("memory").inc()
        else:
            state["waiting"] += 1
            try:
                record, header = await _run_checked(job, options)
            finally:
                state["waiting"] -= 1
            answers[key] = (record, header)
            while len(answers) > REMEMBERED_ANSWERS:
                answers.popitem(last=False)
            answered.labels("checked").inc()
        request.state.findings = len(record["findings"])
        retranslation = record.get("retranslation") or {}
        translations.labels("cache").inc(retranslation.get("cached", 0))
        translations.labels("engine").inc(retranslation.get("translated", 0))
        return _render(header, record, job.text, chosen)

    async def _run_checked(job, options):
        """The check in a worker thread, holding a slot; past the time limit, 504 (the slot is
        held until the work really stops, so the bound on concurrent checks holds)."""
        await slots.acquire()
        loop = asyncio.get_running_loop()

        def work():
            try:
                checker = checkers.get(options)
                path = job.filename or "<request>"
                return checker.check_text(job.text, source=job.source, path=path), checker.header
            except CheckerError as exc:
                raise ServiceError(400, str(exc)) from None

        future = loop.run_in_executor(None, work)
        future.add_done_callback(lambda _: slots.release())
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=settings.timeout_seconds)
        except TimeoutError:
            raise ServiceError(504, f"the check took longer than {settings.timeout_seconds:g} s") from None

    def _render(header: dict, record: dict, text: str, chosen: str) -> Response:
        from checker.report import assemble

        records = assemble(header, [record])
        if chosen == "json":
            return Response(json.dumps(records, ensure_ascii=False), media_type="application/json")
        if chosen == "html":
            from checker.report import html

            return HTMLResponse(html.render_article(records, 0, text))
        if chosen == "markdown":
            from checker.report import markdown

            return Response(markdown.render(records, [text]), media_type="text/markdown; charset=utf-8")
        from checker.report import ci

        return Response(ci.sarif(records), media_type="application/sarif+json")

    return app


_KNOWN_PATHS = {"/v1/check", "/v1/health", "/v1/ready", "/v1/rules", "/v1/engines", "/metrics", "/"}
# The editor page talks to its own origin only.
_PAGE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
    "frame-src blob:; img-src data:; base-uri 'none'; form-action 'none'"
)


def is_loopback(host: str) -> bool:
    import ipaddress

    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_from_environment():
    """The application of `checker serve --workers N` in each worker process."""
    import os
    import pickle

    configure_access_log()
    return create_app(pickle.loads(bytes.fromhex(os.environ["CHECKER_SERVE_SETTINGS"])))


def configure_access_log() -> None:
    """One JSON line per request on standard error, unless the embedding application set up its own."""
    if not access_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
