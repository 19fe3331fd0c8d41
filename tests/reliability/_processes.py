"""What the reliability tests share: stores to test, records to write, processes to run.

Workers are forked (``multiprocessing`` with the ``fork`` start method) from the pytest
process, which has already imported halt_core, loaded its plugins and the gazetteer (see
:func:`warm_up`), so a worker is writing within milliseconds of its start. The pytest process
itself never opens a PostgreSQL store: the pool's threads must not be running when it forks.
Stores are opened, used and checked in workers; the pytest process only reads their results.

Each worker reports through a JSON file (not a pipe, which a killed worker could leave half
written); one that raises reports its traceback, and the test fails showing it. Every wait has
a deadline: a worker that hangs is killed and its test fails, saying which.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import threading
import time
import traceback
import urllib.parse
import uuid
from collections.abc import Callable, Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import attrs
import pytest

import halt_core
from halt_core.demo import generate
from halt_core.events import InterventionDeclined
from halt_core.ids import EventId, InterventionId, MeetingId, PartnerId
from halt_core.model import AMSTERDAM, InterventionStatus, Meeting, Partner

FORK = multiprocessing.get_context("fork")

_DEMO = generate(seed=1, size=40)
BASE_PARTNER: Partner = _DEMO.network.partners[0]
BASE_MEETING: Meeting = _DEMO.network.meetings[0]
_WHEN = dt.datetime(2026, 9, 1, 12, tzinfo=AMSTERDAM)


@dataclasses.dataclass(frozen=True)
class Backend:
    """A store to test: its URL (options in the query) and how to reach it from outside.

    Attributes:
        name: ``sqlite`` or ``postgresql``.
        label: how the figures name it.
        url: the store's URL, for ``halt_core.connect``.
        path: the SQLite file (None for PostgreSQL).
        server: the PostgreSQL server's URL, for admin connections (None for SQLite).
        schema: the store's PostgreSQL schema (None for SQLite).

    """

    name: str
    label: str
    url: str
    path: Path | None = None
    server: str | None = None
    schema: str | None = None

    @classmethod
    def sqlite(cls, path: Path) -> Backend:
        return cls("sqlite", "SQLite", "sqlite:///" + path.as_posix(), path=path)

    @classmethod
    def postgresql(cls, server: str, schema: str) -> Backend:
        url = _with_query(server, schema=schema)
        return cls("postgresql", "PostgreSQL", url, server=server, schema=schema)

    def with_options(self, **options: object) -> str:
        """The store's URL with more options in its query (libpq's too, for PostgreSQL)."""
        return _with_query(self.url, **options)


def _with_query(url: str, **options: object) -> str:
    if not options:
        return url
    query = urllib.parse.urlencode({name: str(value) for name, value in options.items()})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def warm_up() -> None:
    """Load what every worker needs once, here, so forked workers inherit it."""
    halt_core.connect("memory://").close()  # the plugins and the gazetteer
    import halt_adapters.storage.sqlite

    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401

        import halt_adapters.storage.postgres  # noqa: F401
    except ImportError:  # the PostgreSQL tests skip, or fail, on their own
        pass


# -- records ------------------------------------------------------------------------------


def new_uuid(namespace: uuid.UUID, name: str) -> uuid.UUID:
    """A deterministic id: the same ``name`` gives the same id in every process."""
    return uuid.uuid5(namespace, name)


def meeting(id: uuid.UUID, location: str) -> Meeting:
    """A meeting (a record that may always be deleted) whose location carries a token."""
    return attrs.evolve(BASE_MEETING, id=MeetingId(id), location=location)


def partner(id: uuid.UUID, name: str) -> Partner:
    """A partner whose name carries a token (partners are never deleted)."""
    return attrs.evolve(BASE_PARTNER, id=PartnerId(id), name=name)


def event(id: uuid.UUID, about: uuid.UUID, reason: str) -> InterventionDeclined:
    """An outbox event, its reason the tag of the unit of work that stored it."""
    return InterventionDeclined(
        id=EventId(id),
        occurred_at=_WHEN,
        actor="reliability",
        intervention=InterventionId(about),
        from_status=InterventionStatus.REQUESTED,
        to_status=InterventionStatus.DECLINED,
        reason=reason,
    )


# -- processes ----------------------------------------------------------------------------


def _child(target: Callable[..., Any], args: Sequence[Any], result: Path) -> None:
    try:
        payload: dict[str, Any] = {"ok": True, "value": target(*args)}
    except BaseException as exc:
        payload = {"ok": False, "error": "".join(traceback.format_exception(exc))}
    part = result.with_suffix(".part")
    part.write_text(json.dumps(payload), encoding="utf-8")
    os.replace(part, result)


class Worker:
    """One forked process running ``target(*args)``; its return value comes back as JSON."""

    def __init__(self, folder: Path, target: Callable[..., Any], *args: Any) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.name = getattr(target, "__name__", "worker")
        self.result_path = folder / f"{self.name}-{uuid.uuid4().hex}.json"
        self.process: BaseProcess = FORK.Process(
            target=_child, args=(target, args, self.result_path), daemon=True
        )

    def start(self) -> Worker:
        _no_threads()
        self.process.start()
        return self

    @property
    def pid(self) -> int:
        assert self.process.pid is not None
        return self.process.pid

    def join(self, timeout: float) -> bool:
        """Wait for the end; True if it ended within ``timeout`` seconds."""
        self.process.join(timeout)
        return not self.process.is_alive()

    def kill(self) -> None:
        """SIGKILL, and wait (briefly) until it is gone."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)

    def result(self) -> Any:
        """The return value; fails the test with the worker's traceback if it raised."""
        if not self.result_path.exists():
            pytest.fail(
                f"worker {self.name} (pid {self.process.pid}) ended with exit code "
                f"{self.process.exitcode} and no result"
            )
        payload = json.loads(self.result_path.read_text(encoding="utf-8"))
        if not payload["ok"]:
            pytest.fail(f"worker {self.name} failed:\n{payload['error']}", pytrace=False)
        return payload["value"]


def run_all(
    folder: Path, jobs: Sequence[tuple[Callable[..., Any], tuple[Any, ...]]], *, timeout: float
) -> list[Any]:
    """Run each ``(target, args)`` in a process of its own, all at once; their results.

    Fails the test when any is still running after ``timeout`` seconds (all are killed then),
    or raised.
    """
    workers = [Worker(folder, target, *args) for target, args in jobs]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + timeout
    try:
        hung = [w.name for w in workers if not w.join(max(0.0, deadline - time.monotonic()))]
        if hung:
            pytest.fail(f"workers still running after {timeout:g} s (killed): {', '.join(hung)}")
    finally:
        for worker in workers:
            worker.kill()
    return [worker.result() for worker in workers]


def in_child(folder: Path, target: Callable[..., Any], *args: Any, timeout: float = 120) -> Any:
    """Run ``target(*args)`` in a forked process and return its result (see :func:`run_all`)."""
    return run_all(folder, [(target, args)], timeout=timeout)[0]


def _no_threads() -> None:
    # Forking while another thread runs (a pool's worker, say) could leave a lock held in the
    # child for ever. The suite never leaves one running; wait a little for stragglers.
    deadline = time.monotonic() + 10
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    others = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    if others:
        pytest.fail(f"will not fork while other threads run: {others}")
