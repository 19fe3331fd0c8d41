"""Notification benchmark: draining 10,000 queued events through a notifier.

Each repeat fills a new SQLite store's outbox with N events (``InterventionScheduled``, one
per intervention of a small network; ``--size N``, default 10,000, ``--quick`` 1,000; filling
is not timed), then times the dispatcher (:meth:`Dispatcher.run_once`) routing and delivering
all of them, against its floor: calling the same notifier's ``send`` directly for the same
events, one after the other (what a program without an outbox, deliveries, leases or retries
would do). Rows:

- ``log``: through the ``log:`` notifier, to a logger whose handler drops the records, so the
  row measures the dispatcher and not a disk;
- ``webhook``: through the webhook notifier to a receiver on loopback (a
  ``ThreadingHTTPServer`` answering 204), signing every body.

The ratio is the dispatcher's overhead per event; events per second are printed too. Before
timing, the script checks that the dispatcher delivered every event exactly once (by id, at
the receiver); it exits with status 1 if not.

Run ``python benchmarks/notify.py`` (``--quick`` for a small run, ``--json`` for JSON lines).
The garbage collector stays on, as users run it.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import logging
import tempfile
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import halt_core
from halt_adapters.notify.dispatcher import Dispatcher
from halt_adapters.notify.log import LogNotifier
from halt_adapters.notify.webhook import WebhookNotifier
from halt_core.events import InterventionScheduled
from halt_core.ids import EventId, InterventionId
from halt_core.model import AMSTERDAM, InterventionStatus, Session
from halt_core.notify import Notification, Notifier, RetryPolicy
from halt_core.storage import Store

if TYPE_CHECKING:
    from benchmarks import _common
else:
    import _common

DESCRIPTION = (
    "Time the dispatcher draining N queued events (default 10,000; --quick 1,000) through the "
    "log notifier and a loopback webhook, against calling the notifier directly."
)
SECRET = "benchmark-secret-0123456789"
# Logging a line costs about a microsecond, so the log row's ratio says little; its point is
# the dispatcher's own cost per event, printed in the notes. Against a real target (an HTTP
# post), the dispatcher should add less than the post itself.
TARGETS = (_common.Target("webhook", "floor", 2.0, "within 2x of posting directly"),)
T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=AMSTERDAM)


class _Receiver:
    """A webhook receiver on loopback that answers 204 and counts event ids."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.ids.append(json.loads(body)["id"])
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"webhook+http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def events(n: int) -> list[InterventionScheduled]:
    """N events of N lessons (the lessons need not exist: log and webhook read no records)."""
    start = T0
    sessions = (Session(start=start, end=start + dt.timedelta(hours=1), location="aula"),)
    return [
        InterventionScheduled(
            id=EventId(uuid.uuid4()),
            occurred_at=T0,
            actor="benchmark",
            intervention=InterventionId(uuid.uuid4()),
            from_status=InterventionStatus.AGREED,
            to_status=InterventionStatus.SCHEDULED,
            sessions=sessions,
        )
        for _ in range(n)
    ]


def filled_store(folder: Path, queued: list[InterventionScheduled]) -> Store:
    """A new SQLite store whose outbox holds ``queued``."""
    store = halt_core.connect(f"sqlite:///{folder / (uuid.uuid4().hex + '.sqlite3')}")
    with store.unit_of_work() as uow:
        uow.outbox.add(*queued)
    return store


def drain(store: Store, notifier: Notifier) -> int:
    """Run the dispatcher until the outbox is empty; how many it delivered."""
    dispatcher = Dispatcher(store, [notifier], policy=RetryPolicy(min_backoff=0))
    return dispatcher.run_once(batch=500).delivered


def direct(notifier: Notifier, queued: list[InterventionScheduled]) -> int:
    """Send every event straight through the notifier: the floor."""
    for event in queued:
        notifier.send(Notification(delivery=event.id, event=event))
    return len(queued)


def main() -> None:
    """Measure and report."""
    options = _common.parse_options(
        DESCRIPTION, default_size=10_000, quick_size=1_000, default_repeat=3, quick_repeat=1
    )
    queued = events(options.size)
    logger = logging.getLogger("halt_bench_notify")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    log = LogNotifier("log:halt_bench_notify")
    receiver = _Receiver()
    webhook = WebhookNotifier(receiver.url, secret=SECRET)
    rows = []
    with tempfile.TemporaryDirectory(prefix="halt-bench-") as folder:
        # The check first: every event delivered exactly once, by id.
        check = filled_store(Path(folder), queued)
        delivered = drain(check, webhook)
        check.close()
        if delivered != len(queued) or sorted(receiver.ids) != sorted(str(e.id) for e in queued):
            _common.fail(
                f"the dispatcher delivered {delivered} of {len(queued)} events, the receiver "
                f"got {len(receiver.ids)} ({len(set(receiver.ids))} different)"
            )
        stores: list[Store] = []

        def setup() -> Store:
            store = filled_store(Path(folder), queued)
            stores.append(store)
            return store

        def measure(notifier: Notifier) -> tuple[float, float]:
            halt = _common.best_of_fresh(
                setup,
                lambda store: drain(store, notifier),
                options.repeat,
                teardown=lambda store: store.close(),
                collector=options.gc,
            )
            floor = _common.best_of(
                lambda: direct(notifier, queued), options.repeat, collector=options.gc
            )
            return halt, floor

        for name, notifier in (("log", log), ("webhook", webhook)):
            halt, floor = measure(notifier)
            rows.append(_common.Row(name, len(queued), halt, f"{name}.send direct", floor))
    receiver.close()
    notes = [
        *_common.environment("halt-core", "msgspec"),
        *(
            f"{r.name}: {r.n / r.halt_seconds:,.0f} events/s through the dispatcher, "
            f"{r.n / r.floor_seconds:,.0f} events/s direct; the dispatcher adds "
            f"{(r.halt_seconds - r.floor_seconds) / r.n * 1e6:,.0f} us per event"
            for r in rows
        ),
        "store: SQLite (WAL, synchronous=normal), a new file per repeat",
    ]
    _common.report(
        f"notify: {len(queued):,} queued events drained through the dispatcher",
        rows,
        options,
        notes=notes,
        targets=TARGETS,
    )


if __name__ == "__main__":
    main()
