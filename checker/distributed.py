"""Checking many articles at once: worker processes on this machine (`--jobs N`) or Ray actors on
a cluster (`--ray [ADDRESS]`), each holding a warm Checker made from the driver's configuration.

Articles (with their French sources) go to the workers a few at a time; their records come back
and are handed on in input order, so every report format renders exactly as a local run does.
An article that cannot be read becomes an error line naming it; the rest finish. With Ray, a
worker process or node that dies has its actor restarted and its article retried elsewhere
(actor restarts and task retries), so none is lost and none is reported twice: results are
keyed by the article's place in the input.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from checker.config import Config
from checker.errors import InputError

# Articles in flight per worker: enough to keep each busy while the driver renders.
IN_FLIGHT_PER_WORKER = 2

_worker_checker = None


def _init_worker(config: Config) -> None:
    global _worker_checker
    from checker.api import Checker

    _worker_checker = Checker(config)


def _check_one(path: str, french: str | None, stdin_name: str | None = None):
    """(record, text) of one article in a worker, or (None, the error line) when it cannot be read."""
    from dataclasses import replace

    from checker.errors import CheckerError
    from checker.reading import read_article

    assert _worker_checker is not None
    try:
        source = read_article(Path(path))
        if stdin_name is not None and path == "-":
            source = replace(source, path=stdin_name)
    except CheckerError as exc:
        return None, str(exc)
    french_sources = {source.path: french} if french is not None else {}
    return next(_worker_checker.check_sources([source], french_sources))


def check_in_processes(
    paths: Sequence[Path],
    french_sources: Mapping[str, str],
    config: Config,
    jobs: int,
    errors: list[str],
    progress=None,
) -> Iterator[tuple[dict, str]]:
    """(record, text) of each article, in input order, checked by `jobs` worker processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # no fork of a process holding threads and models
    advance = progress.stage("articles", len(paths)) if progress else None
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(config,))
    try:
        pending: list = []
        queue = list(enumerate(paths))
        queue.reverse()
        while queue or pending:
            while queue and len(pending) < jobs * IN_FLIGHT_PER_WORKER:
                _, path = queue.pop()
                pending.append(pool.submit(_check_one, str(path), french_sources.get(str(path))))
            record, text = pending.pop(0).result()
            if advance is not None:
                advance(1)
            if record is None:
                errors.append(text)
                continue
            yield record, text
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def check_on_ray(
    paths: Sequence[Path],
    french_sources: Mapping[str, str],
    config: Config,
    address: str | None,
    errors: list[str],
    progress=None,
) -> Iterator[tuple[dict, str]]:
    """(record, text) of each article, in input order, checked by Ray actors (one per CPU of the
    cluster); `address`: 'auto' joins a running cluster, a host:port that one, None starts a local one."""
    try:
        import ray
    except ImportError:
        raise InputError("--ray needs Ray: pip install 'checker[ray]'") from None

    # Ray's driver prints its workers' deaths and restarts on standard output, where a report may
    # be streaming: they go to standard error for the run (the report keeps its own handle).
    with contextlib.redirect_stdout(sys.stderr):
        yield from _check_on_ray(ray, paths, french_sources, config, address, errors, progress)


def _check_on_ray(ray, paths, french_sources, config, address, errors, progress):
    started_here = not ray.is_initialized()
    if started_here:
        import logging

        ray.init(address=address, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    try:
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))

        @ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=3)
        class CheckerActor:
            def __init__(self, config: Config):
                _init_worker(config)

            def check(self, path: str, french: str | None, contents: bytes | None):
                if contents is not None:  # the driver's file, for a worker on another machine
                    import tempfile

                    suffix = Path(path).suffix
                    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
                        handle.write(contents)
                    try:
                        record, text = _check_one(handle.name, french)
                    finally:
                        os.unlink(handle.name)
                    if record is not None:
                        record["path"] = path
                    return record, text
                return _check_one(path, french)

        actors = [CheckerActor.remote(config) for _ in range(cpus)]  # type: ignore[attr-defined]
        advance = progress.stage("articles", len(paths)) if progress else None
        pending: list = []
        queue = list(enumerate(paths))
        queue.reverse()
        turn = 0
        while queue or pending:
            while queue and len(pending) < len(actors) * IN_FLIGHT_PER_WORKER:
                _, path = queue.pop()
                contents = Path(path).read_bytes() if str(path) != "-" else None
                actor = actors[turn % len(actors)]
                turn += 1
                pending.append(actor.check.remote(str(path), french_sources.get(str(path)), contents))
            record, text = ray.get(pending.pop(0))
            if advance is not None:
                advance(1)
            if record is None:
                errors.append(text)
                continue
            yield record, text
    finally:
        if started_here:
            ray.shutdown()
