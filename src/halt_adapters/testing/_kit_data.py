"""What the store kit's tests share: the demo network they store, a moment, some events."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import HealthCheck, settings

from halt_core.demo import generate
from halt_core.events import Event, InterventionDeclined
from halt_core.ids import EventId, new_id
from halt_core.model import AMSTERDAM, Intervention, InterventionStatus

__all__ = ["DEMO", "NOW", "STORE_SETTINGS", "declined", "events_in_reverse_id_order"]

STORE_SETTINGS = settings(
    max_examples=15,
    deadline=None,
    # The store fixture is made per test, not per example, and every example uses new ids;
    # each adapter's subclass runs the same test method, hence the differing executors.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)
"""Hypothesis settings of the kit's property tests."""

DEMO = generate(seed=5, size=40)
"""The demo network the kit stores."""

NOW = dt.datetime(2026, 9, 1, 12, tzinfo=AMSTERDAM)
"""The moment of the kit's events."""


def declined(intervention: Intervention, reason: str = "geen capaciteit") -> Event:
    """An event about ``intervention``: declined, for ``reason``."""
    return InterventionDeclined(
        id=new_id(EventId),
        occurred_at=NOW,
        actor="conformance",
        intervention=intervention.id,
        from_status=InterventionStatus.REQUESTED,
        to_status=InterventionStatus.DECLINED,
        reason=reason,
    )


def events_in_reverse_id_order(intervention: Intervention, count: int) -> list[Event]:
    """``count`` events whose ids sort the other way round from the order they are made in."""
    ids = sorted((new_id(EventId) for _ in range(count)), key=str, reverse=True)
    return [attrs.evolve(declined(intervention, f"nummer {n}"), id=id) for n, id in enumerate(ids)]
