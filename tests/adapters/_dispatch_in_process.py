"""Route or deliver as a dispatcher would, in a process of its own, until nothing is left.

Run by ``test_deliveries_concurrency.py`` as several processes at once, each with a store of
its own on one database::

    python _dispatch_in_process.py MODE URL NAME GO [SCHEMA]

It waits for the file ``GO``, then, in ``route`` mode, takes outbox events (a few at a time),
records one delivery for each and marks them published, in one unit of work, printing
``routed <event id>`` per event; in ``claim`` mode, claims due deliveries of the notifier
``log`` (a few at a time) and finishes each as delivered, printing ``claimed <id>`` and then
``finished <id> <True|False>``. Each line is printed once its unit of work committed.
Retryable errors (a busy SQLite file, a PostgreSQL deadlock) are retried, as the dispatcher
does; any other ends the process with its traceback.
"""

import datetime as dt
import sys
import time
import uuid
from pathlib import Path

import halt_core
from halt_core.notify import OWN_TARGET, Delivery, DeliveryState
from halt_core.storage import retrying

T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
"""The moment every delivery is due, and the claims' ``now``."""
LEASE = dt.timedelta(hours=1)
BATCH = 3

mode, url, name, go = sys.argv[1:5]
options = {"schema": sys.argv[5]} if len(sys.argv) > 5 else {}


def say(line: str) -> None:
    print(line, flush=True)


def route(store: halt_core.storage.Store) -> bool:
    for attempt in retrying(store, attempts=20):
        with attempt as uow:
            events = uow.deliveries.take_events(BATCH)
            uow.deliveries.add(
                Delivery(
                    id=uuid.uuid4(),
                    event_id=event.id,
                    event_type=event.type,
                    notifier="log",
                    recipient=OWN_TARGET,
                    next_attempt=T0,
                )
                for event in events
            )
            uow.outbox.mark_published(event.id for event in events)
    for event in events:
        say(f"routed {event.id}")
    return bool(events)


def claim(store: halt_core.storage.Store) -> bool:
    for attempt in retrying(store, attempts=20):
        with attempt as uow:
            claimed = uow.deliveries.claim(
                ["log"], now=T0, lease_until=T0 + LEASE, limit=BATCH, claimant=name
            )
    for item in claimed:
        say(f"claimed {item.delivery.id}")
    for item in claimed:
        for attempt in retrying(store, attempts=20):
            with attempt as uow:
                held = uow.deliveries.finish(
                    item.delivery.id,
                    claimant=name,
                    state=DeliveryState.DELIVERED,
                    delivered_at=T0,
                )
        say(f"finished {item.delivery.id} {held}")
    return bool(claimed)


with halt_core.connect(url, **options) as store:
    while not Path(go).exists():
        time.sleep(0.01)
    step = route if mode == "route" else claim
    while step(store):
        pass
say("done")
