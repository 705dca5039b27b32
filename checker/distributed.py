"""Checking many articles at once: worker processes on this machine (`--jobs N`) or Ray actors on
a cluster (`--ray [ADDRESS]`), each holding a warm Checker made from the driver's configuration.

Work (articles with their French sources, or chunks of evaluation segments) goes to the workers
a few pieces at a time; results come back and are handed on in input order, so every report
format renders exactly as a local run does. An article that cannot be read becomes an error line
naming it; the rest finish. With Ray, a worker process or node that dies has its actor restarted
and its piece retried elsewhere (actor restarts and task retries), so none is lost and none is
reported twice: results are keyed by their place in the input. Ctrl-C (or a consumer that stops
reading) cancels what is in flight and stops every worker.
"""

from __future__ import annotations

import contextlib
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from checker.config import Config
from checker.errors import CheckerError, InputError

# Pieces of work in flight per worker: enough to keep each busy while the driver renders.
IN_FLIGHT_PER_WORKER = 2
# Evaluation segments per piece: each piece's sentences are re-translated in one batch.
SEGMENTS_PER_PIECE = 32

# -- in a worker: one Checker per process, built on its first piece of work -------------------------

_worker_config: Config | None = None
_worker_checker = None


def _init_worker(config: Config) -> None:
    """Remember the driver's configuration; the Checker is built on the first piece of work, so
    an engine that fails to load reaches the driver as the error it is."""
    global _worker_config, _worker_checker
    _worker_config, _worker_checker = config, None


def _ignore_interrupts(config: Config) -> None:
    """A worker process's start: Ctrl-C is the driver's to handle (it stops the workers), so a
    terminal's interrupt does not print a traceback from every worker."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(config)


def _checker_here():
    global _worker_checker
    if _worker_checker is None:
        from checker.api import Checker

        assert _worker_config is not None, "a worker's configuration is set before its first piece"
        _worker_checker = Checker(_worker_config)
    return _worker_checker


def _check_article(path: str, french: str | None, contents: bytes | None) -> tuple[dict | None, str]:
    """(record, text) of one article, or (None, the error line naming it) when it cannot be read.
    `contents`: the driver's bytes of the file, for a worker on another machine."""
    from checker.reading import decode_article, read_article

    checker = _checker_here()
    try:
        source = read_article(Path(path)) if contents is None else decode_article(contents, path)
    except CheckerError as exc:
        return None, str(exc)
    french_sources = {source.path: french} if french is not None else {}
    return next(checker.check_sources([source], french_sources))


def _predict_piece(texts: dict[str, str], min_confidence: float | None) -> dict:
    """checker's predictions on a piece of an evaluation set (see checker.evaluation.predict)."""
    from checker.evaluation.predict import predict_segments

    checker = _checker_here()
    return predict_segments(
        texts,
        checker.nlp,
        checker.detectors,
        engine=checker.engine,
        cache=checker.cache,
        min_confidence=min_confidence,
    )


# -- in the driver -----------------------------------------------------------------------------------


class _Processes:
    """`size` spawned worker processes on this machine."""

    remote = False  # workers read the driver's files themselves

    def __init__(self, config: Config, jobs: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")  # no fork of a process holding threads and models
        self.size = jobs
        self._pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_ignore_interrupts, initargs=(config,))

    def submit(self, function: Callable, *args):
        return self._pool.submit(function, *args)

    def result(self, handle):
        return handle.result()

    def close(self, finished: bool) -> None:
        if finished:
            self._pool.shutdown(wait=True)
            return
        # Interrupted: nothing more starts, and the pieces being checked are abandoned now rather
        # than finished (the executor has no public way to stop a running worker before 3.14).
        processes = list((getattr(self._pool, "_processes", None) or {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=10)


class _RayActors:
    """One actor per CPU of a Ray cluster; `address`: 'auto' joins a running cluster, a host:port
    that one, None starts a local one (shut down by `close`)."""

    remote = True  # the driver sends each article's bytes: no shared disk needed

    def __init__(self, ray, config: Config, address: str | None):
        self._ray = ray
        self._started_here = not ray.is_initialized()
        if self._started_here:
            import logging

            ray.init(address=address, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
        self._actors: list = []
        self._in_flight: set = set()
        try:
            self.size = max(1, int(ray.cluster_resources().get("CPU", 1)))

            @ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=3)
            class CheckerActor:
                def __init__(self, config: Config):
                    _init_worker(config)

                def call(self, function: Callable, *args):
                    return function(*args)

            self._actors = [CheckerActor.remote(config) for _ in range(self.size)]  # type: ignore[attr-defined]
        except BaseException:
            self.close(finished=False)
            raise
        self._turn = 0

    def submit(self, function: Callable, *args):
        actor = self._actors[self._turn % len(self._actors)]
        self._turn += 1
        reference = actor.call.remote(function, *args)
        self._in_flight.add(reference)
        return reference

    def result(self, reference):
        self._in_flight.discard(reference)
        try:
            return self._ray.get(reference)
        except self._ray.exceptions.RayTaskError as exc:
            if isinstance(exc.cause, CheckerError):  # the user's error, said as a local run says it
                raise exc.cause from None
            raise

    def close(self, finished: bool) -> None:
        ray = self._ray
        try:
            for reference in self._in_flight:  # interrupted: the cluster stops this run's work
                with contextlib.suppress(Exception):
                    ray.cancel(reference)
            for actor in self._actors:  # their CPUs go back to the cluster now, not when the driver exits
                with contextlib.suppress(Exception):
                    ray.kill(actor)
        finally:
            self._in_flight.clear()
            if self._started_here:
                ray.shutdown()


@contextlib.contextmanager
def _workers(config: Config, jobs: int, ray_address: str | None):
    """Worker processes (`jobs`) or Ray actors (`ray_address` not None: '' starts a local cluster)."""
    with contextlib.ExitStack() as stack:
        pool: _Processes | _RayActors
        if ray_address is None:
            pool = _Processes(config, jobs)
        else:
            try:
                import ray
            except ImportError:
                raise InputError("--ray needs Ray: pip install 'checker[ray]'") from None
            # Ray's driver prints its workers' deaths and restarts on standard output, where a report
            # may be streaming: they go to standard error for the run (the report keeps its handle).
            stack.enter_context(contextlib.redirect_stdout(sys.stderr))
            pool = _RayActors(ray, config, ray_address or None)
        finished = False
        try:
            yield pool
            finished = True
        finally:
            pool.close(finished)


def _in_order(pool, function: Callable, calls: Iterable[tuple]) -> Iterator:
    """`function(*call)` of every call, run by the pool's workers, yielded in the calls' order."""
    pending: deque = deque()
    for call in calls:
        pending.append(pool.submit(function, *call))
        if len(pending) >= pool.size * IN_FLIGHT_PER_WORKER:
            yield pool.result(pending.popleft())
    while pending:
        yield pool.result(pending.popleft())


def check_articles(
    paths: Sequence[Path],
    french_sources: Mapping[str, str],
    config: Config,
    errors: list[str],
    progress=None,
    *,
    jobs: int = 1,
    ray_address: str | None = None,
) -> Iterator[tuple[dict, str]]:
    """(record, text) of each article, in input order, checked by `jobs` worker processes, or by
    Ray actors when `ray_address` is given ('' starts a local cluster, 'auto' joins the running
    one). An article that cannot be read is appended to `errors` as its one-line message."""
    with _workers(config, jobs, ray_address) as pool:
        advance = progress.stage("articles", len(paths)) if progress else None

        def calls():
            for path in paths:
                contents = None
                if pool.remote:
                    with contextlib.suppress(OSError):  # unreadable: the worker says why, naming it
                        contents = Path(path).read_bytes()
                yield str(path), french_sources.get(str(path)), contents

        for record, text in _in_order(pool, _check_article, calls()):
            if advance is not None:
                advance(1)
            if record is None:
                errors.append(text)
                continue
            yield record, text


def predict_segments(
    texts: Mapping[str, str],
    config: Config,
    min_confidence: float | None,
    progress=None,
    *,
    jobs: int = 1,
    ray_address: str | None = None,
) -> dict:
    """checker's predictions on every segment of an evaluation set (as
    `checker.evaluation.predict.predict_segments`), pieces of segments checked by the workers."""
    keys = list(texts)
    pieces = [keys[n : n + SEGMENTS_PER_PIECE] for n in range(0, len(keys), SEGMENTS_PER_PIECE)]
    predictions: dict = {}
    with _workers(config, jobs, ray_address) as pool:
        step = progress("checking", len(keys)) if progress else None
        calls = (({key: texts[key] for key in piece}, min_confidence) for piece in pieces)
        for piece, predicted in zip(pieces, _in_order(pool, _predict_piece, calls), strict=True):
            predictions.update(predicted)
            if step is not None:
                step(len(piece))
    return predictions
